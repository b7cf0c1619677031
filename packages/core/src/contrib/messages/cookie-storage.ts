import type { JsonValue } from '../../engine/types.js';
import { BadSignatureError, SerializationError } from '../../errors.js';
import type { Secret, TimestampSigner } from '../../signing/index.js';
import { decodeItem, encodeMessage, Message } from './message.js';
import type { MessageBackend, StorageRead } from './storage.js';

/** Django's CookieStorage constants. */
export const MESSAGES_COOKIE_NAME = 'messages';
export const MAX_MESSAGES_COOKIE_SIZE = 2048;
export const NOT_FINISHED = '__messagesnotfinished__';
/** `get_cookie_signer(salt="django.contrib.messages")`'s salt. */
export const MESSAGES_SALT = 'django.contrib.messages';

// SimpleCookie leaves these unquoted; a signed payload (base64url, ':', '.') only uses them.
const LEGAL_COOKIE_CHARS = /^[A-Za-z0-9!#$%&'*+\-.^_`|~:]*$/;

/** What the response must do with the messages cookie: set a value, delete it, or nothing. */
export type CookieChange = { value: string } | { delete: true } | null;

/** Django's `get_cookie_signer` key: `b"django.http.cookies" + SECRET_KEY`. */
export function cookieSignerKey(secret: Secret): Secret {
  const prefix = 'django.http.cookies';
  return typeof secret === 'string' ? prefix + secret : Buffer.concat([Buffer.from(prefix), secret]);
}

/**
 * Django's CookieStorage: the messages signed (TimestampSigner, zlib when it helps) in a
 * browser-session cookie of at most 2,048 bytes. Bad data is ignored and the cookie removed.
 */
export class CookieBackend implements MessageBackend {
  /** Set by `store`, or by a read of bad data (so the cookie is removed). */
  change: CookieChange = null;
  readonly #signer: TimestampSigner;
  readonly #incoming: string | undefined;
  readonly #maxSize: number;

  constructor(signer: TimestampSigner, incoming: string | undefined, maxSize = MAX_MESSAGES_COOKIE_SIZE) {
    this.#signer = signer;
    this.#incoming = incoming;
    this.#maxSize = maxSize;
  }

  async read(): Promise<StorageRead> {
    const items = this.#decode();
    if (items === null) return { messages: null, allRetrieved: true };
    const allRetrieved = items.at(-1) !== NOT_FINISHED;
    return { messages: items.filter((item): item is Message => item instanceof Message), allRetrieved };
  }

  async store(messages: Message[], removeOldest: boolean): Promise<Message[]> {
    const encoded = messages.map(encodeMessage);
    let data = messages.length > 0 ? this.#sign(encoded) : null;
    let unstored: Message[] = [];
    if (data !== null && this.#tooLarge(data)) {
      const finish = (kept: JsonValue[]): string => this.#sign([...kept, NOT_FINISHED]);
      if (removeOldest) {
        // Standalone: drop the oldest (Django's bisect_keep_right).
        const at = bisect(encoded.length, (mid) => !this.#tooLarge(finish(encoded.slice(mid))));
        unstored = messages.slice(0, at);
        data = finish(encoded.slice(at));
      } else {
        // Inside FallbackStorage: keep the oldest that fit, hand the rest on (bisect_keep_left).
        const at = bisect(encoded.length, (mid) => this.#tooLarge(finish(encoded.slice(0, mid + 1))));
        unstored = messages.slice(at);
        data = finish(encoded.slice(0, at));
      }
    }
    this.change = data === null ? { delete: true } : { value: data };
    return unstored;
  }

  /** The items in the cookie, or null when there is none or it does not verify. */
  #decode(): (Message | string)[] | null {
    if (!this.#incoming) return null;
    try {
      const value = this.#signer.unsignObject(this.#incoming);
      if (!Array.isArray(value)) throw new SerializationError('messages cookie is not a list');
      return value.map(decodeItem).filter((item): item is Message | string => item !== null);
    } catch (error) {
      if (!(error instanceof BadSignatureError || error instanceof SerializationError)) throw error;
      this.change = { delete: true };
      return null;
    }
  }

  #sign(items: JsonValue[]): string {
    return this.#signer.signObject(items, { compress: true });
  }

  /** Django measures `SimpleCookie().value_encode(data)[1]`; our payloads never need quoting. */
  #tooLarge(data: string): boolean {
    const length = LEGAL_COOKIE_CHARS.test(data) ? data.length : data.length + 2;
    return length > this.#maxSize;
  }
}

/** The first index in [0, n) where `pred` turns true (n when never), pred monotone. */
function bisect(n: number, pred: (mid: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
