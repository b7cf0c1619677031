export { CacheEngine, createCacheEngine } from './engine.js';
export { type CacheEngineOptions, type ClientKind, DEFAULT_PREFIX, DEFAULT_ITEM_SIZE_BYTES } from './options.js';
export { sessionRedisDefaults, type RedisClusterConnection } from './redis/connect.js';
export type {
  MemcachedClient,
  MemcachedClientOptions,
  MemcachedServers,
  MemjsClient,
  MemjsClientOptions,
  RedisClient,
} from './client-types.js';
export {
  sessionMemcachedDefaults,
  type MemcachedConnection,
  type MemjsConnection,
} from './memcached/connect.js';
export { memcachedExptime, MAX_RELATIVE_TTL_SECONDS } from './memcached/expiry.js';
export { guardMemcachedReconnect } from './memcached/reconnect-guard.js';
export type { CacheStore, StoredValue, CasOutcome } from './store.js';
