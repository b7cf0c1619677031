import { type CacheEngine, createCacheEngine } from '@sessionkit/cache';
import { createCachedDbEngine } from '@sessionkit/cached-db';
import type { EngineSettings, OpenedEngine } from './engines';

/** The cache engine from REDIS_URL, else MEMCACHED_SERVERS; neither is a clear start-up error. */
export function openCache(settings: EngineSettings): { engine: CacheEngine; label: string } {
  const { secret, redisUrl, memcachedServers } = settings;
  if (redisUrl !== undefined) return { engine: createCacheEngine({ redis: redisUrl, secret }), label: 'Redis' };
  if (memcachedServers !== undefined && memcachedServers.length > 0) {
    return { engine: createCacheEngine({ memcached: { servers: memcachedServers }, secret }), label: 'Memcached' };
  }
  throw new Error(
    `SESSION_ENGINE=${settings.choice} needs REDIS_URL or MEMCACHED_SERVERS (host:port, comma-separated)`,
  );
}

/** SESSION_ENGINE=cache: sessions in the cache only. */
export function openCacheOnly(settings: EngineSettings): OpenedEngine {
  const { engine, label } = openCache(settings);
  return { engine, label: `cache (${label})`, close: () => engine.close() };
}

/** SESSION_ENGINE=cached_db: the db engine the demo would use, behind the cache. */
export function openCachedDb(settings: EngineSettings, db: OpenedEngine): OpenedEngine {
  let cache: { engine: CacheEngine; label: string };
  try {
    cache = openCache(settings);
  } catch (error) {
    void db.close();
    throw error;
  }
  const engine = createCachedDbEngine({ db: db.engine, cache: cache.engine });
  return {
    engine,
    label: `cached_db (${db.label.replace(/^db \((.*)\)$/, '$1')} behind ${cache.label})`,
    close: async () => {
      await engine.close();
      await db.close();
    },
  };
}
