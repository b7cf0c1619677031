import { type SetCookie, type StringifyOptions, stringifySetCookie } from 'cookie';
import { passedDefaultKeyPattern } from '../engine/keys.js';
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
 * A cookie's line split around its value, Max-Age and Expires, taken from `cookie`'s own output
 * once (its attribute order: Max-Age, Domain, Path, Expires, then the flags), so that a
 * response costs string concatenation, not a `cookie` call.
 */
interface LineTemplate {
  /** `; Domain=…; Path=…`, between Max-Age and Expires. */
  readonly middle: string;
  /** `; HttpOnly; Secure; …; SameSite=…`, after Expires. */
  readonly tail: string;
}

const EPOCH_TEXT = `; Expires=${EPOCH.toUTCString()}`;

function lineTemplate(name: string, attributes: CookieAttributes): LineTemplate | null {
  const deletion = deleteCookieLine(name, attributes);
  const head = `${name}=; Max-Age=0`;
  const at = deletion.indexOf(EPOCH_TEXT);
  if (!deletion.startsWith(head) || at < 0) return null;
  const template = { middle: deletion.slice(head.length, at), tail: deletion.slice(at + EPOCH_TEXT.length) };
  // Used only if it writes exactly what `cookie` writes (checked on a sample).
  const sample = new Date(1_700_000_000_000);
  const expected = setCookieLine(name, 'v', attributes, 60, sample);
  const written = `${name}=v; Max-Age=60${template.middle}; Expires=${sample.toUTCString()}${template.tail}`;
  return written === expected ? template : null;
}

/**
 * The session cookie's Set-Cookie values for one manager's settings. The fixed attributes are
 * worked out once (the line around the value is a template), and the Expires date is written
 * once per second, so a response costs a few string concatenations.
 */
export class SessionCookieWriter {
  readonly #name: string;
  readonly #attributes: CookieAttributes;
  /** `secure: 'auto'`: Secure follows the request, so both forms are kept. */
  readonly #auto: boolean;
  readonly #deletion: string;
  readonly #plainDeletion: string;
  readonly #template: LineTemplate | null;
  readonly #plainTemplate: LineTemplate | null;
  /** The last Expires text written and its instant in whole seconds (toUTCString drops the ms). */
  #expiresSecond = Number.NaN;
  #expiresText = '';

  constructor(cookie: CookieSettings) {
    this.#name = cookie.name;
    this.#auto = cookie.secure === 'auto';
    this.#attributes = cookieAttributes(cookie);
    this.#deletion = deleteCookieLine(cookie.name, this.#attributes);
    const plain = { ...this.#attributes, secure: false };
    this.#plainDeletion = this.#auto ? deleteCookieLine(cookie.name, plain) : this.#deletion;
    this.#template = lineTemplate(cookie.name, this.#attributes);
    this.#plainTemplate = this.#auto ? lineTemplate(cookie.name, plain) : this.#template;
  }

  /**
   * The Set-Cookie value that stores `value` for `maxAge` seconds, or for the browser session when
   * undefined. `secureRequest` matters only under `secure: 'auto'`.
   */
  set(value: string, maxAge: number | undefined, nowMs: number, secureRequest = false): string {
    // A key just checked against the default pattern ([a-z0-9]) needs no second scan.
    if (!passedDefaultKeyPattern(value) && !COOKIE_OCTETS.test(value)) {
      throw new SessionTooLargeError('the engine returned a cookie value with characters a cookie cannot carry');
    }
    // Both are ASCII by now (the name was checked by `cookie` in the constructor), so length is bytes.
    if (this.#name.length + value.length > MAX_COOKIE_BYTES) {
      throw new SessionTooLargeError(`the session cookie would exceed ${MAX_COOKIE_BYTES} bytes of name and value`);
    }
    const secure = !this.#auto || secureRequest;
    // Whole seconds, as Django's set_cookie sends int(max_age): an expiry Django stored as 300.5 is 300.
    const age = maxAge === undefined ? undefined : Math.max(0, Math.trunc(maxAge));
    const template = secure ? this.#template : this.#plainTemplate;
    if (template !== null && age === undefined) return `${this.#name}=${value}${template.middle}${template.tail}`;
    if (template !== null && Number.isInteger(age)) {
      const expires = this.#expires(nowMs + (age as number) * 1000);
      return `${this.#name}=${value}; Max-Age=${age}${template.middle}; Expires=${expires}${template.tail}`;
    }
    const attributes = secure ? this.#attributes : { ...this.#attributes, secure: false };
    return setCookieLine(this.#name, value, attributes, age, age === undefined ? undefined : new Date(nowMs + age * 1000));
  }

  /** The Set-Cookie value that removes the cookie, with the attributes it was set with. */
  remove(secureRequest = false): string {
    return this.#auto && !secureRequest ? this.#plainDeletion : this.#deletion;
  }

  /** `Date#toUTCString` of `ms`, written once per second. */
  #expires(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.#expiresSecond) {
      this.#expiresText = new Date(ms).toUTCString();
      this.#expiresSecond = second;
    }
    return this.#expiresText;
  }
}
