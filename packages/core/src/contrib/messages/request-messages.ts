import type { CookieBackend } from './cookie-storage.js';
import { DEBUG, ERROR, INFO, Message, SUCCESS, WARNING } from './message.js';
import type { MessageBackend } from './storage.js';

/** What `update()` tells the response. */
export interface MessagesUpdate {
  /** A Set-Cookie header value for the messages cookie (set or delete), or null. */
  setCookie: string | null;
  /** Messages no storage could keep: only the cookie storage alone drops (the oldest) ones. */
  unstored: Message[];
}

/**
 * One request's messages: Django's BaseStorage. Messages added now show on a later request
 * (after a redirect, say); reading them marks them shown, and `update()` then drops them.
 */
export class RequestMessages implements AsyncIterable<Message> {
  /** Django's MESSAGE_LEVEL: messages below it are not recorded. */
  level: number;
  #queued: Message[] = [];
  #loaded: Message[] | null = null;
  #used = false;
  #addedNew = false;
  readonly #backend: MessageBackend;
  readonly #cookie: CookieBackend | null;
  readonly #toHeader: (backend: CookieBackend, secure: boolean) => string | null;
  /** The request came over HTTPS (Secure under `cookie.secure: 'auto'`). */
  readonly #secure: boolean;
  readonly #removeOldest: boolean;

  /** @internal Built by `createMessages(...).open(...)`. */
  constructor(init: {
    backend: MessageBackend;
    cookie: CookieBackend | null;
    toHeader: (backend: CookieBackend, secure: boolean) => string | null;
    secure: boolean;
    level: number;
    removeOldest: boolean;
  }) {
    this.#backend = init.backend;
    this.#cookie = init.cookie;
    this.#toHeader = init.toHeader;
    this.#secure = init.secure;
    this.level = init.level;
    this.#removeOldest = init.removeOldest;
  }

  /** Django's `add_message`: ignored when empty or below `level`. */
  add(level: number, message: string, extraTags = ''): void {
    if (!message) return;
    if (!Number.isInteger(level)) throw new TypeError('a message level is an integer');
    if (level < this.level) return;
    this.#addedNew = true;
    this.#queued.push(new Message(level, String(message), extraTags));
  }

  debug(message: string, extraTags?: string): void {
    this.add(DEBUG, message, extraTags);
  }
  info(message: string, extraTags?: string): void {
    this.add(INFO, message, extraTags);
  }
  success(message: string, extraTags?: string): void {
    this.add(SUCCESS, message, extraTags);
  }
  warning(message: string, extraTags?: string): void {
    this.add(WARNING, message, extraTags);
  }
  error(message: string, extraTags?: string): void {
    this.add(ERROR, message, extraTags);
  }

  /** Every pending message, oldest first, marked as shown: Django's iteration. */
  async consume(): Promise<Message[]> {
    const loaded = await this.#load();
    this.#used = true;
    loaded.push(...this.#queued);
    this.#queued = [];
    return [...loaded];
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Message> {
    yield* await this.consume();
  }

  /** How many are pending, without marking them shown (Django's `len`). */
  async count(): Promise<number> {
    return (await this.#load()).length + this.#queued.length;
  }

  /**
   * Django's `update(response)`: after iteration only the new messages are kept; otherwise,
   * when some were added, the old ones are kept with them. Call before the session commits.
   */
  async update(): Promise<MessagesUpdate> {
    let unstored: Message[] = [];
    if (this.#used) unstored = await this.#backend.store(this.#queued, this.#removeOldest);
    else if (this.#addedNew)
      unstored = await this.#backend.store([...(await this.#load()), ...this.#queued], this.#removeOldest);
    return { setCookie: this.#cookie === null ? null : this.#toHeader(this.#cookie, this.#secure), unstored };
  }

  async #load(): Promise<Message[]> {
    this.#loaded ??= (await this.#backend.read()).messages ?? [];
    return this.#loaded;
  }
}
