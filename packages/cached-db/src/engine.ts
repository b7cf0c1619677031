import {
  type ClearExpiredOptions,
  type EngineCapabilities,
  engineClosed,
  isValidKey,
  JsonRecord,
  loadDataOf,
  resolveLogger,
  type SessionData,
  type SessionEngine,
  type SessionRecord,
  type UpdateOptions,
  UpdateError,
} from '@sessionkit/core/engine';
import { CacheWrites } from './cache-writes.js';
import { composeCapabilities } from './capabilities.js';
import { readEntry } from './entry.js';
import { RefillTickets } from './refill-tickets.js';
import type { CachedDbEngineOptions, CachedDbSettings } from './options.js';
import { resolveSettings } from './options.js';
import type { RetryQueue } from './retry-queue.js';

/**
 * A db engine with a cache engine in front, composed through their contract methods only.
 * Reads go through the cache (a hit costs no db query); writes go to the db first, then the
 * cache, both from one `JsonRecord` made when the call is made: the data is checked and
 * stringified once, and what the caller changes meanwhile reaches neither. Cache failures are
 * logged and tolerated; a key whose cache write or delete failed is served from the db only
 * until a retried repair succeeds. See the README.
 */
export class CachedDbEngine implements SessionEngine {
  readonly name: string;
  readonly capabilities: EngineCapabilities;
  /** Moves the expiry in the db, then drops the cache entry. Present iff the db engine has touch. */
  readonly touch?: (key: string, expiresAt: Date) => Promise<void>;
  /** The db engine's migrate, when it has one. */
  readonly migrate?: () => Promise<void>;

  readonly #settings: CachedDbSettings;
  readonly #db: SessionEngine;
  readonly #cache: SessionEngine;
  readonly #writes: CacheWrites;
  readonly #pending: RetryQueue;
  readonly #tickets = new RefillTickets();
  #closed = false;

  constructor(options: CachedDbEngineOptions) {
    this.#settings = resolveSettings(options);
    this.#db = this.#settings.db;
    this.#cache = this.#settings.cache;
    this.name = `cached-db(${this.#db.name}+${this.#cache.name})`;
    this.capabilities = composeCapabilities(this.#db.capabilities, this.#cache.capabilities);
    this.#writes = new CacheWrites(this.#settings, resolveLogger(options.logger));
    this.#pending = this.#writes.pending;
    const db = this.#db;
    if (db.touch !== undefined) this.touch = (key, expiresAt) => this.#touch(key, expiresAt);
    if (db.migrate !== undefined) this.migrate = () => this.#open('migrate', () => db.migrate?.() ?? Promise.resolve());
  }

  /** Keys whose cache entry is being retried (served from the db meanwhile). */
  get pendingCacheRepairs(): number {
    return this.#pending.size;
  }

  /** Retries the pending cache repairs now; resolves to how many are still pending. */
  repairCache(): Promise<number> {
    return this.#pending.flush();
  }

  /**
   * A hit resolves in the cache read's own continuation: over a cache engine that offers its
   * data-only load (core's load-data.ts) there is no record of the cache's, no key check of its
   * own and no promise layer of either engine's between the GET and the caller.
   */
  load(key: string): Promise<SessionRecord | null> {
    if (this.#closed) return Promise.reject(engineClosed(this.name, 'load'));
    if (!this.#valid(key)) return Promise.resolve(null);
    const cache = this.#cache;
    const loadData = this.#pending.has(key) ? undefined : loadDataOf(cache);
    if (loadData === undefined) return this.#load(key);
    return loadData<SessionRecord | null>(cache, key, this.#answer, this.#readFailed);
  }

  /** `load` through the cache's contract `load` (or past the cache, for a key being repaired). */
  async #load(key: string): Promise<SessionRecord | null> {
    if (this.#pending.has(key)) return this.#db.load(key);
    let stored: SessionRecord | null | undefined;
    try {
      stored = await this.#cache.load(key);
    } catch (error) {
      this.#writes.warn('read', error);
    }
    return this.#answer(stored === null || stored === undefined ? null : stored.data, key);
  }

  readonly #readFailed = (error: unknown, key: string): Promise<SessionRecord | null> => {
    this.#writes.warn('read', error);
    return this.#fromDb(key, true);
  };

  /** The cache's entry when it answers (see #judge), else the db's record. */
  readonly #answer = (data: SessionData | null, key: string): SessionRecord | null | Promise<SessionRecord | null> => {
    const answer = this.#judge(data);
    if (typeof answer === 'object') return answer;
    if (answer === 'gone') return null;
    return this.#fromDb(key, answer === 'miss');
  };

  /** The db's record, refilled into the cache after a miss unless this process wrote the key meanwhile. */
  async #fromDb(key: string, refill: boolean): Promise<SessionRecord | null> {
    if (!refill) return this.#db.load(key);
    const ticket = this.#tickets.take(key);
    let record: SessionRecord | null;
    try {
      record = await this.#db.load(key);
    } catch (error) {
      this.#tickets.redeem(key, ticket);
      throw error;
    }
    if (this.#tickets.redeem(key, ticket) && record !== null) await this.#writes.refill(key, record);
    return record;
  }

  async exists(key: string): Promise<boolean> {
    this.#refuseIfClosed('exists');
    if (!this.#valid(key)) return false;
    if (!this.#pending.has(key)) {
      let stored: SessionRecord | null | undefined;
      try {
        stored = await this.#cache.load(key);
      } catch (error) {
        this.#writes.warn('read', error);
      }
      const answer = this.#judge(stored === null || stored === undefined ? null : stored.data);
      if (typeof answer === 'object') return true;
      if (answer === 'gone') return false;
    }
    return this.#db.exists(key);
  }

  async create(key: string, record: SessionRecord): Promise<string> {
    this.#refuseIfClosed('create');
    const written = JsonRecord.of(record, this.name);
    return this.#writing(key, async () => {
      const cookie = await this.#db.create(key, written);
      await this.#writes.created(key, written);
      return cookie;
    });
  }

  async update(key: string, record: SessionRecord, options?: UpdateOptions): Promise<string> {
    this.#refuseIfClosed('update');
    const written = JsonRecord.of(record, this.name);
    return this.#writing(key, async () => {
      let cookie: string;
      try {
        cookie = await this.#db.update(key, written, options);
      } catch (error) {
        // A conflict, or a failed db call that may still have written: the cached entry cannot be
        // trusted, and goes (a delete's mark stays). A vanished row gets a mark of its own.
        if (this.#valid(key)) await this.#afterFailedWrite(key, error);
        throw error;
      }
      await this.#writes.updated(key, written);
      return cookie;
    });
  }

  async delete(key: string): Promise<void> {
    this.#refuseIfClosed('delete');
    if (!this.#valid(key)) return;
    await this.#writing(key, async () => {
      try {
        await this.#db.delete(key);
      } finally {
        // Also when the delete failed: it may have landed first (a logout fails closed).
        await this.#writes.deleted(key);
      }
    });
  }

  clearExpired(options?: ClearExpiredOptions): Promise<number> {
    return this.#open('clearExpired', () => this.#db.clearExpired(options));
  }

  /** Stops the retries and closes both engines (this engine owns them). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#pending.stop();
    await Promise.all([this.#db.close(), this.#cache.close()]);
  }

  async #touch(key: string, expiresAt: Date): Promise<void> {
    this.#refuseIfClosed('touch');
    await this.#writing(key, async () => {
      try {
        await this.#db.touch?.(key, expiresAt);
      } catch (error) {
        if (error instanceof UpdateError && this.#valid(key)) await this.#writes.deleted(key);
        throw error;
      }
      // The entry carries the old expiry; the next read refills it from the db.
      await this.#writes.dropLive(key);
    });
  }

  /** A write to `key`: the refills of reads made before it are voided as it starts and as it ends. */
  async #writing<T>(key: string, write: () => Promise<T>): Promise<T> {
    this.#tickets.void(key);
    try {
      return await write();
    } finally {
      this.#tickets.void(key);
    }
  }

  /** After a db write failed: a vanished row gets a delete's mark, anything else drops the live entry. */
  #afterFailedWrite(key: string, error: unknown): Promise<void> {
    return error instanceof UpdateError ? this.#writes.deleted(key) : this.#writes.dropLive(key);
  }

  /**
   * What the cache's entry lets the engine answer without the db: a live record, or 'gone' for
   * a delete's mark. Otherwise the db answers: 'miss' when the cache lacked the key, could not
   * be read or held something else (the db's record is then refilled), 'db' when the entry
   * looks expired by the clock. `data` is the cache record's data, null when the read failed
   * (logged) or found nothing. Keys awaiting a repair never get here.
   */
  #judge(data: SessionData | null): SessionRecord | 'gone' | 'miss' | 'db' {
    const entry = data === null ? null : readEntry(data);
    if (entry === null) return 'miss';
    if (entry === 'deleted') return 'gone';
    return entry.expiresAt.getTime() > this.#settings.clock.now() ? entry : 'db';
  }

  #valid(key: string): boolean {
    // With the same pattern on both sides (the default) the second check finds the key just
    // passed (core remembers the last key that passed its pattern): lengths and one comparison.
    return isValidKey(key, this.capabilities) && isValidKey(key, this.#cache.capabilities);
  }

  #refuseIfClosed(operation: string): void {
    if (this.#closed) throw engineClosed(this.name, operation);
  }

  async #open<T>(operation: string, run: () => Promise<T>): Promise<T> {
    this.#refuseIfClosed(operation);
    return run();
  }
}

/** Creates a cached-db engine. See `CachedDbEngineOptions`. */
export function createCachedDbEngine(options: CachedDbEngineOptions): CachedDbEngine {
  return new CachedDbEngine(options);
}
