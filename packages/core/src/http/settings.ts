import { ConfigError } from '../errors.js';
import { DEFAULT_COOKIE_AGE } from '../session/expiry.js';

export type SameSite = 'Lax' | 'Strict' | 'None' | false;
export type CookiePriority = 'low' | 'medium' | 'high';

/**
 * Cookie settings, with Django's names in mind (SESSION_COOKIE_*). The messages cookie takes
 * them too (`createMessages({ manager })`), and CSRF its Domain (`createCsrf({ manager })`).
 * @example
 * new SessionManager({ engine, cookie: { name: '__Host-sid', secure: true, sameSite: 'Strict' } })
 */
export interface CookieSettings {
  /** SESSION_COOKIE_NAME. @default 'sessionid' */
  name: string;
  /** SESSION_COOKIE_AGE, in seconds. @default 1_209_600 (two weeks, `DEFAULT_COOKIE_AGE`) */
  age: number;
  /** SESSION_COOKIE_PATH. @default '/' */
  path: string;
  /** SESSION_COOKIE_DOMAIN; `'.example.com'` shares the cookie with subdomains. @default undefined (this host only) */
  domain: string | undefined;
  /**
   * SESSION_COOKIE_SECURE. `'auto'`: Secure when the request came over HTTPS, as the framework
   * sees it (its trust-proxy setting decides whether X-Forwarded-Proto counts).
   * @default false
   * @example secure: 'auto'
   */
  secure: boolean | 'auto';
  /** SESSION_COOKIE_HTTPONLY. @default true */
  httpOnly: boolean;
  /** SESSION_COOKIE_SAMESITE; `'None'` needs `secure: true`, `false` leaves the attribute out. @default 'Lax' */
  sameSite: SameSite;
  /** The Partitioned attribute (CHIPS), for a cookie set in a third-party context; needs `secure: true`. @default false */
  partitioned: boolean;
  /** The Priority attribute (Chrome): `'low'`, `'medium'` or `'high'`. @default undefined (unset) */
  priority: CookiePriority | undefined;
}

export interface SessionSettings {
  cookie: CookieSettings;
  /** SESSION_EXPIRE_AT_BROWSER_CLOSE: a cookie without Max-Age. @default false */
  expireAtBrowserClose: boolean;
  /** SESSION_SAVE_EVERY_REQUEST: save (and re-expire) even an unmodified session. @default false */
  saveEveryRequest: boolean;
}

/**
 * What the manager takes: every setting optional, Django's defaults filled in (`DEFAULT_SETTINGS`).
 * @example
 * new SessionManager({ engine, cookie: { secure: 'auto', age: 3600 }, saveEveryRequest: true })
 */
export type SessionSettingsInput = Partial<Omit<SessionSettings, 'cookie'>> & { cookie?: Partial<CookieSettings> };

/** Django's defaults. */
export const DEFAULT_SETTINGS: Readonly<SessionSettings> = Object.freeze({
  cookie: Object.freeze({
    name: 'sessionid',
    age: DEFAULT_COOKIE_AGE,
    path: '/',
    domain: undefined,
    secure: false,
    httpOnly: true,
    sameSite: 'Lax' as SameSite,
    partitioned: false,
    priority: undefined,
  }),
  expireAtBrowserClose: false,
  saveEveryRequest: false,
});

/** RFC 6265 token: what a cookie name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What may stand in a Path or Domain attribute: visible ASCII but ';'. */
const ATTRIBUTE_VALUE = /^[\x21-\x3a\x3c-\x7e]+$/;
const MAX_ATTRIBUTE_BYTES = 1024;

/** Fills in Django's defaults and rejects unsafe settings at start-up. */
export function resolveSettings(input: SessionSettingsInput = {}): SessionSettings {
  const cookie: CookieSettings = { ...DEFAULT_SETTINGS.cookie, ...stripUndefined(input.cookie ?? {}) };
  const settings: SessionSettings = {
    cookie,
    expireAtBrowserClose: input.expireAtBrowserClose ?? DEFAULT_SETTINGS.expireAtBrowserClose,
    saveEveryRequest: input.saveEveryRequest ?? DEFAULT_SETTINGS.saveEveryRequest,
  };
  validateCookie(cookie);
  // Frozen: the manager works out the Set-Cookie attributes once, from these values.
  Object.freeze(cookie);
  return Object.freeze(settings);
}

function validateCookie(cookie: CookieSettings): void {
  if (!TOKEN.test(cookie.name)) throw new ConfigError(`cookie.name ${JSON.stringify(cookie.name)} is not a valid cookie name`);
  if (!Number.isInteger(cookie.age) || cookie.age <= 0) throw new ConfigError('cookie.age must be a positive whole number of seconds');
  checkAttribute('cookie.path', cookie.path);
  if (!cookie.path.startsWith('/')) throw new ConfigError('cookie.path must start with "/"');
  if (cookie.domain !== undefined) checkAttribute('cookie.domain', cookie.domain);
  if (!['Lax', 'Strict', 'None', false].includes(cookie.sameSite)) {
    throw new ConfigError('cookie.sameSite must be "Lax", "Strict", "None" or false');
  }
  // 'auto' may answer a plain-HTTP request without Secure, which these cookies cannot have.
  const secure = cookie.secure === true;
  if (cookie.sameSite === 'None' && !secure)
    throw new ConfigError('cookie.sameSite "None" requires cookie.secure: true');
  if (cookie.partitioned && !secure) throw new ConfigError('cookie.partitioned requires cookie.secure: true');
  if (cookie.name.startsWith('__Secure-') && !secure)
    throw new ConfigError('a __Secure- cookie requires cookie.secure: true');
  if (cookie.name.startsWith('__Host-')) {
    if (!secure || cookie.domain !== undefined || cookie.path !== '/') {
      throw new ConfigError('a __Host- cookie requires cookie.secure, no cookie.domain and cookie.path "/"');
    }
  }
  checkCookieSecure(cookie.secure);
  for (const flag of ['httpOnly', 'partitioned'] as const) {
    if (typeof cookie[flag] !== 'boolean') throw new ConfigError(`cookie.${flag} must be a boolean`);
  }
  if (cookie.priority !== undefined && !['low', 'medium', 'high'].includes(cookie.priority)) {
    throw new ConfigError("cookie.priority must be 'low', 'medium' or 'high'");
  }
}

/** `cookie.secure` as every cookie here takes it (the session's, the messages'); else ConfigError. */
export function checkCookieSecure(value: unknown): asserts value is boolean | 'auto' {
  if (typeof value !== 'boolean' && value !== 'auto') {
    throw new ConfigError("cookie.secure must be true, false or 'auto'");
  }
}

function checkAttribute(setting: string, value: unknown): void {
  if (typeof value !== 'string' || !ATTRIBUTE_VALUE.test(value) || value.includes(',')) {
    throw new ConfigError(`${setting} must be visible ASCII without ";", "," or spaces`);
  }
  if (Buffer.byteLength(value) > MAX_ATTRIBUTE_BYTES) throw new ConfigError(`${setting} is longer than 1024 bytes`);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
