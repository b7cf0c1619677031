import {
  type Clock,
  ConfigError,
  type Logger,
  positiveWholeNumber,
  type SessionEngine,
  resolveClock,
} from '@sessionkit/core/engine';

/** The longest a cache entry lives unless `cacheTtlSeconds` says otherwise. */
export const DEFAULT_CACHE_TTL_SECONDS = 60;
/** How often a key whose cache write or delete failed is retried. */
export const DEFAULT_RETRY_INTERVAL_MS = 1000;

export interface CachedDbEngineOptions {
  /** The source of truth: any stored engine (e.g. `@sessionkit/db`'s). */
  db: SessionEngine;
  /** The read-through cache: any stored engine (e.g. `@sessionkit/cache`'s). */
  cache: SessionEngine;
  /**
   * Cap on the life of every cache entry, in seconds (60 by default). It bounds how long the
   * cache can serve a session after a change made outside this engine (a row deleted by hand,
   * by `clear-expired`, by a "log out everywhere" in SQL), and after a change whose cache
   * write failed in a process that then died.
   */
  cacheTtlSeconds?: number;
  /** How often a key whose cache write or delete failed is retried, in ms (1000 by default). */
  retryIntervalMs?: number;
  /** The clock that decides whether a cached record has expired: give the db engine's. */
  clock?: Clock;
  /** Receives a warning for each tolerated cache failure (never the session key). */
  logger?: Logger;
}

export interface CachedDbSettings {
  readonly db: SessionEngine;
  readonly cache: SessionEngine;
  readonly cacheTtlMs: number;
  readonly retryIntervalMs: number;
  readonly clock: Clock;
}

/** Validates the options; every failure is a `ConfigError`. */
export function resolveSettings(options: CachedDbEngineOptions): CachedDbSettings {
  const { db, cache } = options ?? ({} as CachedDbEngineOptions);
  requireStoredEngine(db, 'db');
  requireStoredEngine(cache, 'cache');
  if (db === cache) throw new ConfigError('db and cache must be two different engines');
  const clock = resolveClock(options.clock);
  return {
    db,
    cache,
    cacheTtlMs:
      positiveWholeNumber(options.cacheTtlSeconds, 'cacheTtlSeconds', DEFAULT_CACHE_TTL_SECONDS, 30 * 24 * 3600) * 1000,
    retryIntervalMs: positiveWholeNumber(
      options.retryIntervalMs,
      'retryIntervalMs',
      DEFAULT_RETRY_INTERVAL_MS,
      3_600_000,
    ),
    clock,
  };
}

function requireStoredEngine(engine: SessionEngine | undefined, name: string): asserts engine is SessionEngine {
  if (typeof engine !== 'object' || engine === null || typeof engine.load !== 'function') {
    throw new ConfigError(`${name} must be a session engine`);
  }
  const { storage, revocable } = engine.capabilities;
  if (storage !== 'stored' || !revocable) {
    throw new ConfigError(`${name} must be a stored engine whose delete really removes (not ${engine.name})`);
  }
}
