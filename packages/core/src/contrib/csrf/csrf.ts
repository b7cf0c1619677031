import { type FullLogger, type LoggerOption, resolveLogger, SECURITY_LOGGER } from '../../logger.js';
import type { CookieSettings } from '../../http/settings.js';
import type { DataShape, Session } from '../../session/session.js';
import { parseTrustedOrigins } from './origins.js';
import { ensureCsrfSecret, rotateCsrfSecret } from './session-secret.js';
import { maskCsrfSecret } from './token.js';
import { type CsrfRequest, type CsrfVerdict, verifyCsrf } from './verify.js';

/**
 * Options of `createCsrf`.
 * @example
 * const csrf = createCsrf({ manager, trustedOrigins: ['https://*.example.com'] });
 */
export interface CsrfOptions {
  /**
   * Django's CSRF_TRUSTED_ORIGINS: `https://example.com`, `https://*.example.com`.
   * @default []
   */
  trustedOrigins?: readonly string[];
  /**
   * Django's CSRF_HEADER_NAME.
   * @default 'X-CSRFToken'
   */
  headerName?: string;
  /**
   * The form field.
   * @default 'csrfmiddlewaretoken'
   */
  fieldName?: string;
  /**
   * The session manager whose cookie settings apply (one source): its cookie's Domain
   * (SESSION_COOKIE_DOMAIN) widens the Referer check to its subdomains, as in Django.
   * @example createCsrf({ manager })
   */
  manager?: { readonly settings: { readonly cookie: Pick<CookieSettings, 'domain'> } };
  /**
   * The session cookie's Domain, when no `manager` is given (or to override its).
   * @default manager?.settings.cookie.domain
   */
  cookieDomain?: string;
  /** Rejections are logged here as security warnings (Django's `django.security.csrf`). */
  logger?: LoggerOption;
}

/** CSRF protection with the token kept in the session (Django's CSRF_USE_SESSIONS). */
export interface Csrf {
  readonly headerName: string;
  readonly fieldName: string;
  readonly logger: FullLogger;
  /** Checks an unsafe request (safe methods pass); the reason is Django's. */
  verify<D extends DataShape<D>>(session: Session<D>, request: CsrfRequest): Promise<CsrfVerdict>;
  /** Django's `get_token`: a token for this response, masked afresh on every call (BREACH). */
  getToken<D extends DataShape<D>>(session: Session<D>): Promise<string>;
  /** Django's `rotate_token`: a new secret when one exists; `login` calls it. */
  rotate<D extends DataShape<D>>(session: Session<D>): Promise<void>;
}

export function createCsrf(options: CsrfOptions = {}): Csrf {
  const trusted = parseTrustedOrigins(options.trustedOrigins ?? []);
  const headerName = options.headerName ?? 'X-CSRFToken';
  const logger = resolveLogger(options.logger);
  const config = { trusted, headerName, cookieDomain: options.cookieDomain ?? options.manager?.settings.cookie.domain };
  return {
    headerName,
    fieldName: options.fieldName ?? 'csrfmiddlewaretoken',
    logger,
    async verify(session, request) {
      const verdict = await verifyCsrf(session, request, config);
      if (!verdict.ok)
        logger.warn(`Forbidden (${verdict.reason})`, { logger: SECURITY_LOGGER, method: request.method });
      return verdict;
    },
    async getToken(session) {
      return maskCsrfSecret(await ensureCsrfSecret(session));
    },
    rotate: rotateCsrfSecret,
  };
}
