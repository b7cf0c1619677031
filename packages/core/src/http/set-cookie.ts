import { type SetCookie, type StringifyOptions, stringifySetCookie } from 'cookie';
import { SessionTooLargeError } from '../errors.js';
import type { CookieSettings } from './settings.js';

/** Browsers drop a cookie whose name and value exceed this many bytes. */
export const MAX_COOKIE_BYTES = 4096;
const EPOCH = new Date(0);
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
/** Values are checked against COOKIE_OCTETS and written as they are (keys and signed values need no escaping). */
const RAW: StringifyOptions = { encode: (value) => value };

type Attributes = Pick<SetCookie, 'path' | 'domain' | 'secure' | 'httpOnly' | 'sameSite' | 'partitioned' | 'priority'>;

/**
 * The session cookie's Set-Cookie values for one manager's settings. The fixed attributes are
 * worked out once, so a response costs one object and one `cookie` call, not a spread of the
 * settings per response.
 */
export class SessionCookieWriter {
  readonly #name: string;
  readonly #attributes: Attributes;
  /** `secure: 'auto'`: Secure follows the request, so both forms are kept. */
  readonly #auto: boolean;
  readonly #deletion: string;
  readonly #plainDeletion: string;

  constructor(cookie: CookieSettings) {
    this.#name = cookie.name;
    this.#auto = cookie.secure === 'auto';
    this.#attributes = {
      path: cookie.path,
      domain: cookie.domain,
      secure: cookie.secure !== false,
      httpOnly: cookie.httpOnly,
      sameSite: cookie.sameSite === false ? undefined : (cookie.sameSite.toLowerCase() as 'lax' | 'strict' | 'none'),
      partitioned: cookie.partitioned || undefined,
      priority: cookie.priority,
    };
    const deletion = { name: cookie.name, value: '', ...this.#attributes, maxAge: 0, expires: EPOCH };
    this.#deletion = stringifySetCookie(deletion, RAW);
    this.#plainDeletion = this.#auto ? stringifySetCookie({ ...deletion, secure: false }, RAW) : this.#deletion;
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
    const { path, domain, httpOnly, sameSite, partitioned, priority } = this.#attributes;
    const secure = this.#auto ? secureRequest : this.#attributes.secure;
    const age = maxAge === undefined ? undefined : Math.max(0, maxAge);
    const expires = age === undefined ? undefined : new Date(nowMs + age * 1000);
    return stringifySetCookie(
      {
        name: this.#name,
        value,
        maxAge: age,
        expires,
        path,
        domain,
        secure,
        httpOnly,
        sameSite,
        partitioned,
        priority,
      },
      RAW,
    );
  }

  /** The Set-Cookie value that removes the cookie, with the attributes it was set with. */
  remove(secureRequest = false): string {
    return this.#auto && !secureRequest ? this.#plainDeletion : this.#deletion;
  }
}
