import { SessionTooLargeError } from '@sessionkit/core/engine';
import type Memcached from 'memcached';
import { type CallDeadlines, type Settling, UNBOUNDED } from '../deadlines.js';
import { DEFAULT_ITEM_SIZE_BYTES } from '../options.js';
import type { CasItem, MemcachedDriver } from './driver.js';
import { escapedBytes, MEMCACHED_ITEM_OVERHEAD, MEMCACHED_MAX_KEY_BYTES } from './limits.js';

function noop(): void {}

function asIs<T>(value: T): T {
  return value;
}

/** Resolves with `take(answer)`; what `take` throws (the engine's UpdateError) rejects as it is. */
function settleWith<A, T>(
  resolve: (value: T) => void,
  reject: (error: unknown) => void,
  take: (answer: A) => T,
  answer: A,
): void {
  let value: T;
  try {
    value = take(answer);
  } catch (thrown) {
    reject(thrown);
    return;
  }
  resolve(value);
}

/** NOT_STORED comes back from the `memcached` client as an error flagged `notStored`. */
function isNotStored(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { notStored?: unknown }).notStored === true;
}

/** Strings only: the client stores a string with flag 0 and gives it back unchanged. */
function asText(data: unknown): string | null {
  if (typeof data === 'string') return data;
  return Buffer.isBuffer(data) ? data.toString('utf8') : null;
}

/** The client's own settings read here (see sessionMemcachedDefaults). */
interface ClientSettings {
  namespace?: unknown;
  maxValue?: unknown;
}

/**
 * The `memcached` (2.2) client, text protocol. It escapes CR and LF in values with a
 * backslash (so the stored item is larger, up to twice) and unescapes them on read.
 * A command given an `operation` is put under the engine's deadline inside its own promise
 * (`CallDeadlines.start`): one promise per call, where a wrapper of ours around the driver's
 * promise cost a promise, a literal and three closures more per call.
 */
export class MemcachedClientDriver implements MemcachedDriver {
  readonly hasCas = true;

  /** Called before each command: batches the writes of one tick (see coalesce.ts), or nothing. */
  readonly #beforeSend: () => void;
  /** The client puts its namespace before every key, `gets` replies included. */
  readonly #namespace: string;
  /** The item size the client was given (`maxValue`; the engine sets it to `itemSizeBytes`). */
  readonly #itemBytes: number;

  constructor(
    readonly client: Memcached,
    private readonly owned: boolean,
    private readonly deadlines: CallDeadlines,
    beforeSend?: () => void,
  ) {
    this.#beforeSend = beforeSend ?? noop;
    const settings = client as unknown as ClientSettings;
    this.#namespace = typeof settings.namespace === 'string' ? settings.namespace : '';
    this.#itemBytes = typeof settings.maxValue === 'number' ? settings.maxValue : DEFAULT_ITEM_SIZE_BYTES;
  }

  get(key: string, operation?: string): Promise<string | null> {
    return this.read(key, operation, asIs);
  }

  read<T>(
    key: string,
    operation: string | undefined,
    read: (text: string | null) => T,
    failure?: (error: unknown) => unknown,
  ): Promise<T> {
    this.#beforeSend();
    return new Promise((resolve, reject) => {
      const call = this.#bound(operation, reject);
      this.client.get(key, (error, data) => {
        if (!call.finish()) return;
        if (error) reject(failure === undefined ? error : failure(error));
        else settleWith(resolve, reject, read, asText(data));
      });
    });
  }

  gets(key: string): Promise<CasItem | null> {
    this.#beforeSend();
    return new Promise((resolve, reject) => {
      this.client.gets(key, (error, data) => {
        if (error) return reject(error);
        const value = data === undefined || data === null ? null : asText(data[this.#namespace + key]);
        resolve(value === null ? null : { value, cas: String(data.cas) });
      });
    });
  }

  add(key: string, value: string, exptime: number): Promise<boolean> {
    return this.#store(key, value, (done) => this.client.add(key, value, exptime, done), asIs);
  }

  replace<T>(
    key: string,
    value: string,
    exptime: number,
    operation: string | undefined,
    settle: (replaced: boolean) => T,
    failure?: (error: unknown) => unknown,
  ): Promise<T> {
    return this.#store(
      key,
      value,
      (done) => this.client.replace(key, value, exptime, done),
      settle,
      operation,
      failure,
    );
  }

  cas(key: string, value: string, cas: string, exptime: number): Promise<boolean> {
    return this.#store(key, value, (done) => this.client.cas(key, value, cas, exptime, done), asIs);
  }

  delete(key: string, operation?: string): Promise<boolean> {
    this.#beforeSend();
    return new Promise((resolve, reject) => {
      const call = this.#bound(operation, reject);
      this.client.del(key, (error, deleted) => {
        if (!call.finish()) return;
        if (error) reject(error);
        else resolve(deleted === true);
      });
    });
  }

  async close(): Promise<void> {
    if (this.owned) this.client.end();
  }

  /**
   * A storage command: true on STORED, false on NOT_STORED / EXISTS / NOT_FOUND, as `settle` takes
   * it in the reply's own callback (a client error as `failure` makes it).
   */
  #store<T>(
    key: string,
    value: string,
    send: (done: (error: unknown, result: boolean) => void) => void,
    settle: (stored: boolean) => T,
    operation?: string,
    failure?: (error: unknown) => unknown,
  ): Promise<T> {
    // Escaping adds at most a byte per character (UTF-8 at most 3): short values need no count.
    if (value.length * 4 + MEMCACHED_MAX_KEY_BYTES + MEMCACHED_ITEM_OVERHEAD > this.#itemBytes) {
      const tooLarge = this.#tooLarge(key, value);
      if (tooLarge !== null) return Promise.reject(tooLarge);
    }
    this.#beforeSend();
    return new Promise((resolve, reject) => {
      const call = this.#bound(operation, reject);
      send((error, result) => {
        if (!call.finish()) return;
        if (error && !isNotStored(error)) reject(failure === undefined ? error : failure(error));
        else settleWith(resolve, reject, settle, !error && result === true);
      });
    });
  }

  /**
   * The engine checked the text against `maxDataBytes`, but the client sends it escaped: one
   * that no longer fits an item would get SERVER_ERROR (or the client's own refusal) instead.
   */
  #tooLarge(key: string, value: string): SessionTooLargeError | null {
    const limit = this.#itemBytes - MEMCACHED_ITEM_OVERHEAD - Buffer.byteLength(this.#namespace + key);
    const bytes = escapedBytes(value);
    if (bytes <= limit) return null;
    return new SessionTooLargeError(
      `[cache:memcached] stored value is ${bytes} bytes as the memcached client sends it (CR and LF escaped), over the ${limit} bytes an item holds`,
    );
  }

  /** Under the deadline from now when the command is a call of its own; else unbounded. */
  #bound(operation: string | undefined, reject: (error: unknown) => void): Settling {
    return operation === undefined ? UNBOUNDED : this.deadlines.start(operation, reject);
  }
}
