import {
  type ClearExpiredOptions,
  CreateError,
  type EngineCapabilities,
  engineClosed,
  engineFailure,
  type FullLogger,
  hashKey,
  isValidKey,
  jsonEncoder,
  type LoadData,
  pairLoadData,
  prepareExpiry,
  prepareRecord,
  type RecordRules,
  requireValidKey,
  resolveLogger,
  SerializationError,
  SessionConflictError,
  type SessionEngine,
  type SessionData,
  type SessionRecord,
  SessionRecordObject,
  storedEngineCapabilities,
  type UpdateOptions,
  UpdateError,
  withDeadline,
} from '@sessionkit/core/engine';
import { CallDeadlines } from './deadlines.js';
import { warnIfEvicting } from './eviction.js';
import { openStore } from './open-store.js';
import type { CacheEngineOptions } from './options.js';
import type { RedisStore } from './redis/store.js';
import { type CacheSettings, resolveSettings } from './settings.js';
import type { CacheStore, StoredValue } from './store.js';
import { HEADER_END, liveStoredData, liveStoredValue } from './value.js';

/**
 * Sessions in Redis (single node, Sentinel, Cluster; ioredis) or Memcached (`memcached`, memjs).
 * Every operation is one atomic round trip; the server's TTL decides expiry.
 */
export class CacheEngine implements SessionEngine {
  readonly name: string;
  readonly capabilities: EngineCapabilities;
  /** Put before every stored key. */
  readonly prefix: string;
  /**
   * Moves a live record's expiry, keeping data and version: one Lua script on Redis, gets + cas on the
   * `memcached` client. Absent over memjs (no CAS): core then falls back to `update`.
   */
  readonly touch?: (key: string, expiresAt: Date) => Promise<void>;

  readonly #settings: CacheSettings;
  readonly #options: CacheEngineOptions;
  readonly #logger: FullLogger;
  #store: Promise<CacheStore> | undefined;
  /** The store once open, and whether its client bounds every call by the deadline itself. */
  #opened: { store: CacheStore; guarded: boolean } | undefined;
  #closed = false;
  /**
   * The deadline on calls to a store whose client does not bound them itself: the Memcached
   * stores apply it to each call (inside the driver's promise), a Redis client given without
   * `commandTimeout`, and every Cluster, get it around each call here.
   */
  readonly #deadlines: CallDeadlines;
  /** How a record becomes stored text: built once, not per write. */
  readonly #rules: RecordRules;

  constructor(options: CacheEngineOptions) {
    this.#settings = resolveSettings(options);
    this.#options = options;
    this.#logger = resolveLogger(options.logger);
    this.prefix = this.#settings.prefix;
    const redis = this.#settings.kind === 'redis' || this.#settings.kind === 'cluster';
    const atomicConditional = this.#settings.kind !== 'memjs';
    this.name = `cache:${redis ? 'redis' : 'memcached'}`;
    this.#deadlines = new CallDeadlines(this.name, this.#settings.timeoutMs);
    this.capabilities = storedEngineCapabilities({
      clearExpired: 'unnecessary',
      usesInjectedClock: false,
      ttlResolutionMs: redis ? 1 : 1000,
      maxDataBytes: this.#settings.maxDataBytes,
      optimisticConcurrency: atomicConditional,
    });
    if (atomicConditional) this.touch = (key, expiresAt) => this.#touch(key, expiresAt);
    const { codec } = this.#settings;
    this.#rules = {
      engineName: this.name,
      maxDataBytes: this.#settings.maxDataBytes,
      encode: (data, _expiresAt, tinyNumbers) => codec.encode(data, tinyNumbers),
      encodeJson: jsonEncoder(codec),
    };
  }

  /** The key as stored: prefix, then the SHA-256 of the session key (or the key itself). */
  storedKey(key: string): string {
    return this.prefix + (this.#settings.hashKeys ? hashKey(key) : key);
  }

  /** The store, opened on first use (the driver is an optional peer, loaded then). */
  store(): Promise<CacheStore> {
    this.#store ??= openStore(this.#options, this.#settings, this.#logger, this.#deadlines).then((store) => {
      if (store.family === 'redis' && this.#options.warnOnEviction !== false) {
        void warnIfEvicting((store as RedisStore).client, this.#logger);
      }
      this.#opened = { store, guarded: store.enforcesDeadline(this.#settings.timeoutMs) };
      return store;
    });
    return this.#store;
  }

  /**
   * One GET; the stored header and the codec are read in the GET's own continuation, with no
   * promise layer of the store's between (the hit path of cached-db runs through here).
   */
  load(key: string): Promise<SessionRecord | null> {
    if (this.#closed) return Promise.reject(engineClosed(this.name, 'load'));
    if (!this.#valid(key)) return Promise.resolve(null);
    const storedKey = this.storedKey(key);
    try {
      return this.#send('load', (store) => store.getText(storedKey, this.#loaded, this.#loadFailure));
    } catch (error) {
      return Promise.reject(engineFailure(this.name, 'load', error));
    }
  }

  /** The record in a GET's reply: null when absent, expired by its header, or undecodable. */
  readonly #loaded = (text: string | null): SessionRecord | null => {
    const stored = liveStoredValue(text, Date.now());
    if (stored === null) return null;
    const data = this.#settings.codec.decode(stored.data);
    if (data === null) return null;
    return new SessionRecordObject(
      data,
      new Date(stored.expiresAt),
      stored.version === '' ? undefined : stored.version,
    );
  };

  readonly #loadFailure = (error: unknown): Error => engineFailure(this.name, 'load', error);

  /** `load` reduced to the data, for cached-db (see core's load-data.ts): one `then` on the GET. */
  static {
    pairLoadData(CacheEngine.prototype.load, ((engine: CacheEngine, key, loaded, failed) =>
      engine.#loadData(key, loaded, failed)) as LoadData);
  }

  /** `load` for a key already checked against these key rules, with no record built. */
  #loadData<T>(
    key: string,
    loaded: (data: SessionData | null, key: string) => T | PromiseLike<T>,
    failed: (error: unknown, key: string) => T | PromiseLike<T>,
  ): Promise<T> {
    let text: Promise<string | null>;
    try {
      text = this.#closed
        ? Promise.reject(engineClosed(this.name, 'load'))
        : this.#send('load', (store) => store.getText(this.storedKey(key)));
    } catch (error) {
      text = Promise.reject(error);
    }
    return text.then(
      (reply) => {
        const stored = liveStoredData(reply, Date.now());
        return loaded(stored === null ? null : this.#settings.codec.decode(stored), key);
      },
      (error: unknown) => failed(engineFailure(this.name, 'load', error), key),
    );
  }

  async create(key: string, record: SessionRecord): Promise<string> {
    this.#assertOpen('create');
    requireValidKey(this.name, key, this.capabilities, 'create');
    const value = this.#encode(record);
    const added = await this.#call('create', (store) => store.add(this.storedKey(key), value));
    if (!added) throw new CreateError(`[${this.name}] key already in use`);
    return key;
  }

  /**
   * Not an async function: the hot path (no expected version) returns the replace's promise
   * with one continuation, without the async function's own promise and await.
   */
  update(key: string, record: SessionRecord, options: UpdateOptions = {}): Promise<string> {
    let value: StoredValue;
    let stored: string;
    try {
      this.#assertOpen('update');
      requireValidKey(this.name, key, this.capabilities, 'update');
      value = this.#encode(record);
      stored = this.storedKey(key);
    } catch (error) {
      return Promise.reject(error);
    }
    const { expectedVersion } = options;
    if (expectedVersion !== undefined && this.capabilities.optimisticConcurrency) {
      return this.#compareAndSet(key, stored, expectedVersion, value);
    }
    try {
      // The answer is read in the reply's own callback where the client has one (Memcached).
      return this.#send('update', (store) =>
        store.replace(stored, value, (done) => this.#updated(done, key), this.#updateFailure),
      );
    } catch (error) {
      return Promise.reject(engineFailure(this.name, 'update', error));
    }
  }

  #updated(done: boolean, key: string): string {
    if (!done) throw new UpdateError(`[${this.name}] no live session to update`);
    return key;
  }

  readonly #updateFailure = (error: unknown): Error => engineFailure(this.name, 'update', error);

  async #compareAndSet(key: string, stored: string, expectedVersion: string, value: StoredValue): Promise<string> {
    const outcome = await this.#call('update', (store) => store.compareAndSet(stored, expectedVersion, value));
    if (outcome === 'conflict') throw new SessionConflictError(`[${this.name}] the session changed meanwhile`);
    if (outcome === 'missing') throw new UpdateError(`[${this.name}] no live session to update`);
    return key;
  }

  async delete(key: string): Promise<void> {
    this.#assertOpen('delete');
    if (!this.#valid(key)) return;
    await this.#call('delete', (store) => store.delete(this.storedKey(key)));
  }

  async exists(key: string): Promise<boolean> {
    this.#assertOpen('exists');
    if (!this.#valid(key)) return false;
    return this.#call('exists', (store) => store.exists(this.storedKey(key)));
  }

  /** The server's TTLs remove expired sessions; nothing to do. */
  async clearExpired(options: ClearExpiredOptions = {}): Promise<number> {
    this.#assertOpen('clearExpired');
    options.signal?.throwIfAborted();
    return 0;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const opened = this.#store;
    if (opened === undefined) return;
    await withDeadline(this.name, 'close', this.#settings.timeoutMs, async () => (await opened).close()).catch(
      (error: unknown) => this.#logger.warn('sessionkit cache: close failed', { error: String(error) }),
    );
  }

  async #touch(key: string, expiresAt: Date): Promise<void> {
    this.#assertOpen('touch');
    requireValidKey(this.name, key, this.capabilities, 'touch');
    const at = prepareExpiry(this.name, expiresAt);
    const moved = await this.#call('touch', (store) => store.touch(this.storedKey(key), at));
    if (!moved) throw new UpdateError(`[${this.name}] no live session to touch`);
  }

  /** After close() every call rejects, before its arguments are looked at. */
  #assertOpen(operation: string): void {
    if (this.#closed) throw engineClosed(this.name, operation);
  }

  #valid(key: string): boolean {
    return isValidKey(key, this.capabilities);
  }

  /** The value to store, checked before anything is sent (core's one path: JSON rules, size, token). */
  #encode(record: SessionRecord): StoredValue {
    const prepared = prepareRecord(record, this.#rules);
    // Tokens are only kept where they are honoured; the stored header ends at the first tab.
    const version = this.capabilities.optimisticConcurrency ? (prepared.version ?? '') : '';
    if (version.includes(HEADER_END)) throw new SerializationError(`[${this.name}] a version token cannot hold a tab`);
    return { data: prepared.text, version, expiresAt: prepared.expiresAt };
  }

  /**
   * One store call: refused after close(), under the deadline, driver errors as
   * EngineUnavailableError. When the store bounds each call by the deadline itself (a single-node
   * Redis client the engine creates, every Memcached store), no wrapper of ours is added here;
   * otherwise (a Cluster among them) one shared timer sweeps the deadlines (deadlines.ts): one
   * setTimeout per call was the largest cost above the raw client in profiles.
   */
  #call<T>(operation: string, run: (store: CacheStore) => Promise<T>): Promise<T> {
    const opened = this.#opened;
    if (opened?.guarded === true && !this.#closed) {
      return run(opened.store).catch((error: unknown) => {
        throw engineFailure(this.name, operation, error);
      });
    }
    return this.#send(operation, run);
  }

  /**
   * `#call` for the hot paths (load, update), which map errors themselves: on a guarded store
   * the driver's own promise is returned, without a layer of ours, and may reject with a driver
   * error; every other way errors arrive already mapped.
   */
  #send<T>(operation: string, run: (store: CacheStore) => Promise<T>): Promise<T> {
    if (this.#closed) {
      return Promise.reject(engineClosed(this.name, operation));
    }
    const opened = this.#opened;
    if (opened?.guarded === true) return run(opened.store);
    if (opened !== undefined) return this.#deadlines.run(operation, () => run(opened.store));
    return withDeadline(this.name, operation, this.#settings.timeoutMs, async () => run(await this.store()));
  }
}

/** Creates a cache engine. See CacheEngineOptions. */
export function createCacheEngine(options: CacheEngineOptions): CacheEngine {
  return new CacheEngine(options);
}
