/** Django's rejection reasons (django/middleware/csrf.py, 4.1+), word for word. */
export const REASON_BAD_ORIGIN = (origin: string) =>
  `Origin checking failed - ${origin} does not match any trusted origins.`;
export const REASON_NO_REFERER = 'Referer checking failed - no Referer.';
export const REASON_BAD_REFERER = (referer: string) =>
  `Referer checking failed - ${referer} does not match any trusted origins.`;
export const REASON_NO_CSRF_COOKIE = 'CSRF cookie not set.';
export const REASON_CSRF_TOKEN_MISSING = 'CSRF token missing.';
export const REASON_MALFORMED_REFERER = 'Referer checking failed - Referer is malformed.';
export const REASON_INSECURE_REFERER = 'Referer checking failed - Referer is insecure while host is secure.';

/** Django's `_bad_token_message`: `CSRF token from POST incorrect.`, `… from the 'X-Csrftoken' HTTP header has incorrect length.` */
export function badTokenMessage(problem: string, source: 'POST' | string): string {
  const from = source === 'POST' ? 'POST' : `the '${titleHeader(source)}' HTTP header`;
  return `CSRF token from ${from} ${problem}.`;
}

/** Python's `str.title()` on a header name, as Django spells it from CSRF_HEADER_NAME. */
function titleHeader(name: string): string {
  return name.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_, before: string, ch: string) => before + ch.toUpperCase());
}

/** A CSRF rejection: now one of the SessionError family, kept importable from here. */
export { CsrfError } from '../../errors.js';
