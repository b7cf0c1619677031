import type { EngineCapabilities } from '@sessionkit/core/engine';

/**
 * What the pair declares. The db is the source of truth, so expiry, cleanup, versions and the
 * size limit are its own (a record too large for the cache is served from the db). Keys must
 * suit both.
 */
export function composeCapabilities(db: EngineCapabilities, cache: EngineCapabilities): EngineCapabilities {
  return Object.freeze({
    keyPattern: db.keyPattern,
    minKeyLength: Math.max(db.minKeyLength, cache.minKeyLength),
    maxKeyLength: Math.min(db.maxKeyLength, cache.maxKeyLength),
    storage: 'stored',
    exists: db.exists,
    revocable: true,
    clearExpired: db.clearExpired,
    ttlResolutionMs: db.ttlResolutionMs,
    usesInjectedClock: db.usesInjectedClock,
    maxDataBytes: db.maxDataBytes,
    optimisticConcurrency: db.optimisticConcurrency === true,
  });
}
