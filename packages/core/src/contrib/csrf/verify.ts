import type { DataShape, Session } from '../../session/session.js';
import { isSameDomain, parseUrl, type TrustedOrigins } from './origins.js';
import {
  badTokenMessage,
  REASON_BAD_ORIGIN,
  REASON_BAD_REFERER,
  REASON_CSRF_TOKEN_MISSING,
  REASON_INSECURE_REFERER,
  REASON_MALFORMED_REFERER,
  REASON_NO_CSRF_COOKIE,
  REASON_NO_REFERER,
} from './reasons.js';
import { InvalidCsrfSecret, readCsrfSecret } from './session-secret.js';
import { csrfTokenFormatError, csrfTokenMatches } from './token.js';

/** What the check needs to know of a request; each adapter fills it from its framework. */
export interface CsrfRequest {
  method: string;
  /** Django's `request.is_secure()`: HTTPS, as the framework sees it (behind a trusted proxy too). */
  secure: boolean;
  /** Django's `request.get_host()`: the Host header, with its port. */
  host: string;
  origin?: string | null | undefined;
  referer?: string | null | undefined;
  /** The token header's value (X-CSRFToken). */
  headerToken?: string | null | undefined;
  /** `csrfmiddlewaretoken` from a parsed form body; read only for POST, as Django. */
  formToken?: string | null | undefined;
}

export interface VerifyCsrfConfig {
  trusted: TrustedOrigins;
  /** Header name as configured, for the reason text. */
  headerName: string;
  /** SESSION_COOKIE_DOMAIN: with CSRF_USE_SESSIONS the Referer may be any host under it. */
  cookieDomain?: string | undefined;
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

/** Django's "safe" methods (RFC 9110); these are never checked. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * Django's CsrfViewMiddleware.process_view with CSRF_USE_SESSIONS: an Origin check (or, on
 * HTTPS without Origin, a Referer check), then the token against the secret in the session.
 */
export async function verifyCsrf<D extends DataShape<D>>(
  session: Session<D>,
  request: CsrfRequest,
  config: VerifyCsrfConfig,
): Promise<CsrfVerdict> {
  const method = request.method.toUpperCase();
  if (SAFE_METHODS.has(method)) return { ok: true };
  const reason = originProblem(request, config) ?? (await tokenProblem(session, request, method, config));
  return reason === null ? { ok: true } : { ok: false, reason };
}

function originProblem(request: CsrfRequest, config: VerifyCsrfConfig): string | null {
  if (request.origin !== undefined && request.origin !== null) {
    return originVerified(request.origin, request, config.trusted) ? null : REASON_BAD_ORIGIN(request.origin);
  }
  return request.secure ? refererProblem(request, config) : null;
}

function originVerified(origin: string, request: CsrfRequest, trusted: TrustedOrigins): boolean {
  if (origin === `${request.secure ? 'https' : 'http'}://${request.host}`) return true;
  if (trusted.exact.has(origin)) return true;
  const parsed = parseUrl(origin);
  if (parsed === null) return false;
  return (trusted.subdomains.get(parsed.scheme) ?? []).some((pattern) => isSameDomain(parsed.netloc, pattern));
}

function refererProblem(request: CsrfRequest, config: VerifyCsrfConfig): string | null {
  if (request.referer === undefined || request.referer === null) return REASON_NO_REFERER;
  const referer = parseUrl(request.referer);
  if (referer === null || referer.scheme === '' || referer.netloc === '') return REASON_MALFORMED_REFERER;
  if (referer.scheme !== 'https') return REASON_INSECURE_REFERER;
  if (config.trusted.hosts.some((host) => isSameDomain(referer.netloc, host))) return null;
  let good = request.host;
  if (config.cookieDomain !== undefined) {
    const port = /:(\d+)$/.exec(request.host)?.[1] ?? (request.secure ? '443' : '80');
    good = port === '443' || port === '80' ? config.cookieDomain : `${config.cookieDomain}:${port}`;
  }
  return isSameDomain(referer.netloc, good) ? null : REASON_BAD_REFERER(referer.text);
}

async function tokenProblem<D extends DataShape<D>>(
  session: Session<D>,
  request: CsrfRequest,
  method: string,
  config: VerifyCsrfConfig,
): Promise<string | null> {
  let secret: string | null;
  try {
    secret = await readCsrfSecret(session);
  } catch (error) {
    if (error instanceof InvalidCsrfSecret) return `CSRF cookie ${error.reason}.`;
    throw error;
  }
  if (secret === null) return REASON_NO_CSRF_COOKIE;
  let token = method === 'POST' ? (request.formToken ?? '') : '';
  let source = 'POST';
  if (token === '') {
    if (request.headerToken === undefined || request.headerToken === null) return REASON_CSRF_TOKEN_MISSING;
    token = request.headerToken;
    source = config.headerName;
  }
  const format = csrfTokenFormatError(token);
  if (format !== null) return badTokenMessage(format, source);
  return csrfTokenMatches(token, secret) ? null : badTokenMessage('incorrect', source);
}
