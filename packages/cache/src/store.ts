/** What one key holds, as the engine hands it to a store and gets it back. */
export interface StoredValue {
  /** The codec's text of the session data. */
  readonly data: string;
  /** The version token, or '' when the record carries none. */
  readonly version: string;
  /** Absolute expiry in ms since the epoch. */
  readonly expiresAt: number;
}

/** How a conditional write ended. */
export type CasOutcome = 'written' | 'missing' | 'conflict';

/**
 * The one small client interface behind the engine: each method is one atomic round trip on
 * Redis, and one (two for the CAS ones) on Memcached. Keys arrive already prefixed and hashed.
 * An expiry at or before now ends the item (an update) or stores nothing (a create).
 */
export interface CacheStore {
  /** 'redis' or 'memcached': names the engine and its TTL resolution. */
  readonly family: 'redis' | 'memcached';
  /** Smallest step of the server's expiry clock, in ms. */
  readonly ttlResolutionMs: number;
  /** Whether `compareAndSet` and `touch` are atomic on this client (CAS or a script). */
  readonly atomicConditional: boolean;
  /**
   * True when every call fails within `deadlineMs` without the engine's help (ioredis
   * `commandTimeout`; the Memcached stores, which apply the engine's deadline themselves), so
   * the engine adds no wrapper of its own per call.
   */
  enforcesDeadline(deadlineMs: number): boolean;
  get(key: string): Promise<StoredValue | null>;
  /**
   * The stored text as the server holds it, or null: one GET, no decoding. The engine's load
   * reads the header itself (`liveStoredValue`), saving a promise layer on the hit path.
   */
  getText(key: string): Promise<string | null>;
  /**
   * `getText(key).then(read, (error) => { throw failure(error); })`, where a client answers by
   * callback without the promise layer of a `then` (Memcached); the deadline's own error is not
   * passed to `failure`.
   */
  getText<T>(key: string, read: (text: string | null) => T, failure: (error: unknown) => unknown): Promise<T>;
  /** Set-if-absent. False when a live item holds the key. */
  add(key: string, value: StoredValue): Promise<boolean>;
  /**
   * Set-if-present: its answer (false when no item holds the key) goes through `settle`, and a
   * client error through `failure`, in the reply's own callback where the client has one.
   */
  replace<T>(
    key: string,
    value: StoredValue,
    settle: (replaced: boolean) => T,
    failure: (error: unknown) => unknown,
  ): Promise<T>;
  /** Overwrites only when the stored version equals `expectedVersion`. */
  compareAndSet(key: string, expectedVersion: string, value: StoredValue): Promise<CasOutcome>;
  /** Moves the expiry of a present item, keeping data and version. False when none. */
  touch(key: string, expiresAt: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Releases the client when the engine created it; never waits longer than the deadline. */
  close(): Promise<void>;
}

/**
 * `promise.then(map)`, with a rejection replaced by `failure(error)`: how a store whose client
 * answers with promises takes the `read`/`settle` and `failure` the engine hands it.
 */
export function thenOrFailure<R, T>(
  promise: Promise<R>,
  map: (reply: R) => T,
  failure?: (error: unknown) => unknown,
): Promise<T> {
  return promise.then(map, (error: unknown) => Promise.reject(failure === undefined ? error : failure(error)));
}
