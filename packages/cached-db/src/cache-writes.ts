import {
  CreateError,
  type FullLogger,
  type JsonRecord,
  type SessionEngine,
  type SessionRecord,
  SessionConflictError,
  SessionTooLargeError,
  UpdateError,
} from '@sessionkit/core/engine';
import { deletedEntryData, LIVE_ENTRY_VERSION, liveEntry, liveEntryData } from './entry.js';
import type { CachedDbSettings } from './options.js';
import { type Repair, RetryQueue } from './retry-queue.js';

/** An update replaces only a live entry: never a delete's mark, whatever the order of arrival. */
const LIVE_ONLY = { expectedVersion: LIVE_ENTRY_VERSION } as const;

/** Written with LIVE_ONLY, a record that has already ended removes a live entry and nothing else. */
function ended(): SessionRecord {
  return { data: deletedEntryData(), expiresAt: new Date(0) };
}

/**
 * Every write the cached-db engine makes to its cache, after the db has changed. Each one is
 * chosen so that no order of arrival lets a write undo a delete: a delete's mark is written
 * unconditionally, refills and first writes only add, and an update's write replaces only a
 * live entry (the cache's own version check, atomic on the cache server), and so does the
 * drop after a touch or a refused update: a drop that arrives after a delete must not clear
 * the way for a refill that read the row before it. A cache without versions can do neither,
 * so there an update drops whatever entry is there. Failures are logged and the key is served
 * from the db until a retried repair succeeds (retry-queue.ts).
 */
export class CacheWrites {
  readonly #cache: SessionEngine;
  readonly #settings: CachedDbSettings;
  readonly #logger: FullLogger;
  readonly #pending: RetryQueue;
  /** Whether the cache can replace an entry only while it is live (see `LIVE_ONLY`). */
  readonly #conditional: boolean;

  constructor(settings: CachedDbSettings, logger: FullLogger) {
    this.#settings = settings;
    this.#cache = settings.cache;
    this.#logger = logger;
    this.#conditional = settings.cache.capabilities.optimisticConcurrency === true;
    this.#pending = new RetryQueue({
      repair: (key, repair) => this.#repair(key, repair),
      intervalMs: settings.retryIntervalMs,
      // Every entry written before the failure has expired by then (1 s for the cache's clock).
      forgetAfterMs: settings.cacheTtlMs + 1000,
    });
  }

  /** Keys whose cache entry is being repaired: the engine serves them from the db. */
  get pending(): RetryQueue {
    return this.#pending;
  }

  /** After a miss: add only, so a refill never lands over a newer write or a delete's mark. */
  async refill(key: string, record: SessionRecord): Promise<void> {
    const expiresAt = this.#entryExpiry(record.expiresAt.getTime());
    if (expiresAt === null || this.#pending.has(key)) return;
    try {
      await this.#cache.create(key, { data: liveEntryData(record), expiresAt, version: LIVE_ENTRY_VERSION });
    } catch (error) {
      if (!(error instanceof CreateError || error instanceof SessionTooLargeError)) this.warn('refill', error);
    }
  }

  /**
   * After a db create: add the entry. Anything already there is older than the new row or is
   * the mark of a delete racing this create; either way it goes, and the db answers.
   */
  async created(key: string, written: JsonRecord): Promise<void> {
    if (this.#pending.has(key)) return;
    const entry = this.#entryOf(written);
    if (entry === null) return this.drop(key);
    try {
      await this.#cache.create(key, entry);
    } catch (error) {
      if (error instanceof CreateError || error instanceof SessionTooLargeError) return this.drop(key);
      this.#failed('write', key, error, 'delete');
    }
  }

  /** After a db update: replace the live entry, else add one; a delete's mark stays. */
  async updated(key: string, written: JsonRecord): Promise<void> {
    if (this.#pending.has(key)) return;
    if (!this.#conditional) return this.drop(key);
    const entry = this.#entryOf(written);
    if (entry === null) return this.dropLive(key);
    try {
      if (await this.#replaceLive(key, entry)) return;
      if (await this.#add(key, entry)) return;
      // A refill or a delete's mark landed since: replace the former, keep the latter.
      await this.#replaceLive(key, entry);
    } catch (error) {
      // Too large for the cache (not for the db): served from the db.
      if (error instanceof SessionTooLargeError) return this.dropLive(key);
      this.#failed('write', key, error, 'dropLive');
    }
  }

  /**
   * After a db delete (or a db call that found the row gone, or a delete that failed and may
   * have landed): a mark for the TTL cap, so no refill or update that read or wrote before can
   * land. Written even for a key awaiting a repair.
   */
  async deleted(key: string): Promise<void> {
    try {
      await this.#mark(key);
    } catch (error) {
      this.#failed('delete', key, error, 'mark');
      return;
    }
    // A repair pending from an earlier failure must not undo the mark: it now writes one too.
    if (this.#pending.has(key)) this.#pending.add(key, 'mark');
  }

  /**
   * Removes a live entry and leaves a delete's mark in place: after a touch or a refused
   * update, which may arrive after a delete. A cache without versions removes whatever is there.
   */
  async dropLive(key: string): Promise<void> {
    if (!this.#conditional) return this.drop(key);
    try {
      await this.#dropLiveEntry(key);
    } catch (error) {
      this.#failed('delete', key, error, 'dropLive');
    }
  }

  /** Removes whatever entry the key has; on failure the key is served from the db until a retry succeeds. */
  async drop(key: string): Promise<void> {
    try {
      await this.#cache.delete(key);
    } catch (error) {
      this.#failed('delete', key, error, 'delete');
    }
  }

  warn(operation: string, error: unknown): void {
    this.#logger.warn(`sessionkit cached-db: cache ${operation} failed; serving from the db`, {
      engine: this.#cache.name,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }

  /** True when a live entry was replaced; false when there was none or it was not live (a mark). */
  async #replaceLive(key: string, entry: JsonRecord): Promise<boolean> {
    try {
      await this.#cache.update(key, entry, LIVE_ONLY);
      return true;
    } catch (error) {
      if (error instanceof UpdateError || error instanceof SessionConflictError) return false;
      throw error;
    }
  }

  /** True when added; false when the key already held an entry. */
  async #add(key: string, entry: SessionRecord): Promise<boolean> {
    try {
      await this.#cache.create(key, entry);
      return true;
    } catch (error) {
      if (error instanceof CreateError) return false;
      throw error;
    }
  }

  /** The mark of a delete, written over whatever is there (or added when nothing is). */
  async #mark(key: string): Promise<void> {
    const entry = { data: deletedEntryData(), expiresAt: new Date(Date.now() + this.#settings.cacheTtlMs) };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.#cache.update(key, entry);
        return;
      } catch (error) {
        if (!(error instanceof UpdateError)) throw error;
      }
      if (await this.#add(key, entry)) return;
    }
    await this.#cache.delete(key);
  }

  async #dropLiveEntry(key: string): Promise<void> {
    try {
      await this.#cache.update(key, ended(), LIVE_ONLY);
    } catch (error) {
      // No entry, or not a live one (a delete's mark): nothing to drop.
      if (!(error instanceof UpdateError || error instanceof SessionConflictError)) throw error;
    }
  }

  /** A retried repair: throws while the cache still fails. */
  #repair(key: string, repair: Repair): Promise<void> {
    if (repair === 'mark') return this.#mark(key);
    if (repair === 'dropLive' && this.#conditional) return this.#dropLiveEntry(key);
    return this.#cache.delete(key);
  }

  #failed(operation: string, key: string, error: unknown, repair: Repair): void {
    this.#pending.add(key, repair);
    this.warn(operation, error);
  }

  /** The cache's record for a db write; null when the session ends too soon to bother (or NaN). */
  #entryOf(written: JsonRecord): JsonRecord | null {
    const expiresAt = this.#entryExpiry(written.expiresAt.getTime());
    return expiresAt === null ? null : liveEntry(written, expiresAt);
  }

  /** The cache entry's own expiry: the session's, capped; null when too close to bother (or NaN). */
  #entryExpiry(sessionExpiresAt: number): Date | null {
    const left = Math.min(sessionExpiresAt - this.#settings.clock.now(), this.#settings.cacheTtlMs);
    if (!(left >= Math.max(this.#cache.capabilities.ttlResolutionMs, 1))) return null;
    return new Date(Date.now() + left);
  }
}
