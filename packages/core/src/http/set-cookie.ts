import { type SetCookie, type StringifyOptions, stringifySetCookie } from 'cookie';
import { SessionTooLargeError } from '../errors.js';
import type { CookieSettings } from './settings.js';

/** Browsers drop a cookie whose name and value exceed this many bytes. */
export const MAX_COOKIE_BYTES = 4096;
const EPOCH = new Date(0);
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
/** Values are checked against COOKIE_OCTETS and written as they are (keys and signed values need no escaping). */
const RAW: StringifyOptions = { encode: (value) => value };

/** A cookie's fixed attributes, in the form `cookie`'s stringifier takes. */
export type CookieAttributes = Pick<
  SetCookie,
  'path' | 'domain' | 'secure' | 'httpOnly' | 'sameSite' | 'partitioned' | 'priority'
>;

/** What a cookie's attributes are made of: the session cookie's settings, or a part of them (messages). */
export type CookieAttributeSettings = Pick<CookieSettings, 'path' | 'domain' | 'httpOnly' | 'sameSite'> &
  Partial<Pick<CookieSettings, 'secure' | 'partitioned' | 'priority'>>;

/** The attributes for `settings`; under `secure: 'auto'` Secure is on here and the writer decides per request. */
export function cookieAttributes(settings: CookieAttributeSettings): CookieAttributes {
  return {
    path: settings.path,
    domain: settings.domain,
    secure: settings.secure !== undefined && settings.secure !== false,
    httpOnly: settings.httpOnly,
    sameSite: settings.sameSite === false ? undefined : (settings.sameSite.toLowerCase() as 'lax' | 'strict' | 'none'),
    partitioned: settings.partitioned || undefined,
    priority: settings.priority,
  };
}

/**
 * The one Set-Cookie writer every cookie goes through (the session's and the messages'): the
 * value is written as it is (signed values and keys need no escaping); `maxAge` undefined makes a
 * browser-session cookie.
 */
export function setCookieLine(
  name: string,
  value: string,
  attributes: CookieAttributes,
  maxAge?: number,
  expires?: Date,
): string {
  return stringifySetCookie({ name, value, maxAge, expires, ...attributes }, RAW);
}

/** The Set-Cookie value that removes a cookie set with `attributes`. */
export function deleteCookieLine(name: string, attributes: CookieAttributes): string {
  return setCookieLine(name, '', attributes, 0, EPOCH);
}

/**
 * The session cookie's Set-Cookie values for one manager's settings. The fixed attributes are
 * worked out once, so a response costs one object and one `cookie` call, not a spread of the
 * settings per response.
 */
export class SessionCookieWriter {
  readonly #name: string;
  readonly #attributes: CookieAttributes;
  /** `secure: 'auto'`: Secure follows the request, so both forms are kept. */
  readonly #auto: boolean;
  readonly #deletion: string;
  readonly #plainDeletion: string;

  constructor(cookie: CookieSettings) {
    this.#name = cookie.name;
    this.#auto = cookie.secure === 'auto';
    this.#attributes = cookieAttributes(cookie);
    this.#deletion = deleteCookieLine(cookie.name, this.#attributes);
    this.#plainDeletion = this.#auto ? deleteCookieLine(cookie.name, { ...this.#attributes, secure: false }) : this.#deletion;
  }

  /**
   * The Set-Cookie value that stores `value` for `maxAge` seconds, or for the browser session when
   * undefined. `secureRequest` matters only under `secure: 'auto'`.
   */
  set(value: string, maxAge: number | undefined, nowMs: number, secureRequest = false): string {
    if (!COOKIE_OCTETS.test(value)) {
      throw new SessionTooLargeError('the engine returned a cookie value with characters a cookie cannot carry');
    }
    // Both are ASCII by now (the name was checked by `cookie` in the constructor), so length is bytes.
    if (this.#name.length + value.length > MAX_COOKIE_BYTES) {
      throw new SessionTooLargeError(`the session cookie would exceed ${MAX_COOKIE_BYTES} bytes of name and value`);
    }
    const attributes = this.#auto ? { ...this.#attributes, secure: secureRequest } : this.#attributes;
    const age = maxAge === undefined ? undefined : Math.max(0, maxAge);
    const expires = age === undefined ? undefined : new Date(nowMs + age * 1000);
    return setCookieLine(this.#name, value, attributes, age, expires);
  }

  /** The Set-Cookie value that removes the cookie, with the attributes it was set with. */
  remove(secureRequest = false): string {
    return this.#auto && !secureRequest ? this.#plainDeletion : this.#deletion;
  }
}
