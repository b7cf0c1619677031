import type Memcached from 'memcached';
import type { CasItem, MemcachedDriver } from './driver.js';

function noop(): void {}

/** NOT_STORED comes back from the `memcached` client as an error flagged `notStored`. */
function isNotStored(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { notStored?: unknown }).notStored === true;
}

/** Strings only: the client stores a string with flag 0 and gives it back unchanged. */
function asText(data: unknown): string | null {
  if (typeof data === 'string') return data;
  return Buffer.isBuffer(data) ? data.toString('utf8') : null;
}

/**
 * The `memcached` (2.2) client, text protocol. It escapes CR and LF in values with a
 * backslash (so the stored item is a little larger) and unescapes them on read.
 */
export class MemcachedClientDriver implements MemcachedDriver {
  readonly hasCas = true;

  /** Called before each command: batches the writes of one tick (see coalesce.ts), or nothing. */
  readonly #beforeSend: () => void;

  constructor(
    readonly client: Memcached,
    private readonly owned: boolean,
    beforeSend?: () => void,
  ) {
    this.#beforeSend = beforeSend ?? noop;
  }

  get(key: string): Promise<string | null> {
    this.#beforeSend();
    return new Promise((resolve, reject) => {
      this.client.get(key, (error, data) => (error ? reject(error) : resolve(asText(data))));
    });
  }

  gets(key: string): Promise<CasItem | null> {
    this.#beforeSend();
    return new Promise((resolve, reject) => {
      this.client.gets(key, (error, data) => {
        if (error) return reject(error);
        const value = data === undefined || data === null ? null : asText(data[key]);
        resolve(value === null ? null : { value, cas: String(data.cas) });
      });
    });
  }

  add(key: string, value: string, exptime: number): Promise<boolean> {
    return this.#store((done) => this.client.add(key, value, exptime, done));
  }

  replace(key: string, value: string, exptime: number): Promise<boolean> {
    return this.#store((done) => this.client.replace(key, value, exptime, done));
  }

  cas(key: string, value: string, cas: string, exptime: number): Promise<boolean> {
    return this.#store((done) => this.client.cas(key, value, cas, exptime, done));
  }

  delete(key: string): Promise<void> {
    this.#beforeSend();
    return new Promise((resolve, reject) => {
      this.client.del(key, (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    if (this.owned) this.client.end();
  }

  /** A storage command: true on STORED, false on NOT_STORED / EXISTS / NOT_FOUND. */
  #store(send: (done: (error: unknown, result: boolean) => void) => void): Promise<boolean> {
    this.#beforeSend();
    return new Promise((resolve, reject) => {
      send((error, result) => {
        if (error && !isNotStored(error)) reject(error);
        else resolve(!error && result === true);
      });
    });
  }
}
