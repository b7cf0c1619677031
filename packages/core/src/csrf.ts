/** `@sessionkit/core/csrf`: Django's CSRF protection with the secret in the session (CSRF_USE_SESSIONS). */
export { type Csrf, type CsrfOptions, createCsrf } from './contrib/csrf/csrf.js';
export {
  type CsrfRequest,
  type CsrfVerdict,
  SAFE_METHODS,
  verifyCsrf,
  type VerifyCsrfConfig,
} from './contrib/csrf/verify.js';
export { parseTrustedOrigins, type TrustedOrigins } from './contrib/csrf/origins.js';
export {
  CsrfError,
  REASON_BAD_ORIGIN,
  REASON_BAD_REFERER,
  REASON_CSRF_TOKEN_MISSING,
  REASON_INSECURE_REFERER,
  REASON_MALFORMED_REFERER,
  REASON_NO_CSRF_COOKIE,
  REASON_NO_REFERER,
} from './contrib/csrf/reasons.js';
export {
  CSRF_ALLOWED_CHARS,
  CSRF_SECRET_LENGTH,
  CSRF_SESSION_KEY,
  CSRF_TOKEN_LENGTH,
  maskCsrfSecret,
  unmaskCsrfToken,
} from './contrib/csrf/token.js';
// The framework glue moved to each framework's entry; the old names stay one minor, deprecated.
export * from './deprecated/csrf.js';
