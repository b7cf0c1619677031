import { serialize } from 'cookie';
import { SessionTooLargeError } from '../errors.js';
import type { CookieSettings } from './settings.js';

/** Browsers drop a cookie whose name and value exceed this many bytes. */
export const MAX_COOKIE_BYTES = 4096;
const EPOCH = new Date(0);
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

/** The Set-Cookie value that stores `value` for `maxAge` seconds, or for the browser session when undefined. */
export function sessionCookieHeader(cookie: CookieSettings, value: string, maxAge: number | undefined, nowMs: number): string {
  if (!COOKIE_OCTETS.test(value)) throw new SessionTooLargeError('the engine returned a cookie value with characters a cookie cannot carry');
  if (Buffer.byteLength(cookie.name) + Buffer.byteLength(value) > MAX_COOKIE_BYTES) {
    throw new SessionTooLargeError(`the session cookie would exceed ${MAX_COOKIE_BYTES} bytes of name and value`);
  }
  const lifetime =
    maxAge === undefined ? {} : { maxAge: Math.max(0, maxAge), expires: new Date(nowMs + Math.max(0, maxAge) * 1000) };
  return serialize(cookie.name, value, { ...attributes(cookie), ...lifetime, encode: identity });
}

/** The Set-Cookie value that removes the cookie, with the attributes it was set with. */
export function deletionCookieHeader(cookie: CookieSettings): string {
  return serialize(cookie.name, '', { ...attributes(cookie), maxAge: 0, expires: EPOCH, encode: identity });
}

function attributes(cookie: CookieSettings) {
  return {
    path: cookie.path,
    domain: cookie.domain,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite === false ? undefined : (cookie.sameSite.toLowerCase() as 'lax' | 'strict' | 'none'),
  };
}

function identity(value: string): string {
  return value;
}
