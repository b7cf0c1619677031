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

/**
 * Whether every key valid for the pair (`composeCapabilities`) is valid for the cache too: the
 * pair's lengths are within the cache's, so only the pattern can differ. A key is then checked
 * once, not once per rule set.
 */
export function cacheTakesPairKeys(pair: EngineCapabilities, cache: EngineCapabilities): boolean {
  const ours = pair.keyPattern;
  const theirs = cache.keyPattern;
  return (
    pair.minKeyLength >= cache.minKeyLength &&
    pair.maxKeyLength <= cache.maxKeyLength &&
    (ours === theirs || (ours.source === theirs.source && ours.flags === theirs.flags))
  );
}
