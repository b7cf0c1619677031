import type { FullLogger } from '@sessionkit/core/engine';
import type { Redis } from 'ioredis';
import type { CallDeadlines } from './deadlines.js';
import type Memcached from 'memcached';
import type { Client as MemjsClient } from 'memjs';
import { createMemcachedClient, createMemjsClient } from './memcached/connect.js';
import { memcachedWriteCoalescer } from './memcached/coalesce.js';
import { MemcachedClientDriver } from './memcached/memcached-driver.js';
import { MemjsDriver } from './memcached/memjs-driver.js';
import { MemcachedStore } from './memcached/store.js';
import type { CacheEngineOptions } from './options.js';
import { closeRedisClient, createClusterClient, createRedisClient } from './redis/connect.js';
import { writeCoalescer } from './redis/coalesce.js';
import { type IoredisClient, RedisStore } from './redis/store.js';
import { refuseWhileUnreachable } from './redis/unreachable.js';
import type { CacheSettings } from './settings.js';
import type { CacheStore } from './store.js';

/** The store behind the engine: over the app's client, or over one created with session defaults. */
export async function openStore(
  options: CacheEngineOptions,
  settings: CacheSettings,
  logger: FullLogger,
  /** The engine's deadline, which the Memcached stores apply to every call themselves. */
  deadlines: CallDeadlines,
): Promise<CacheStore> {
  const { kind, timeoutMs } = settings;
  const given = options.client;
  if (kind === 'redis' || kind === 'cluster') {
    if (given !== undefined) return new RedisStore(given as unknown as IoredisClient);
    const client =
      kind === 'cluster' && options.cluster
        ? await createClusterClient(options.cluster, timeoutMs, logger)
        : await createRedisClient(options.redis ?? {}, timeoutMs, logger);
    const release = (): Promise<void> => closeRedisClient(client, timeoutMs);
    if (kind === 'cluster') return new RedisStore(client, release);
    const node = client as Redis;
    const refuse = refuseWhileUnreachable(node);
    // Without auto-pipelining the store batches each tick's writes itself.
    const coalesce = node.options.enableAutoPipelining ? undefined : writeCoalescer(node);
    const beforeSend =
      coalesce === undefined
        ? refuse
        : () => {
            refuse();
            coalesce();
          };
    return new RedisStore(client, release, beforeSend);
  }
  if (kind === 'memcached') {
    if (given !== undefined)
      return new MemcachedStore(new MemcachedClientDriver(given as unknown as Memcached, false, deadlines), deadlines);
    const client = await createMemcachedClient(
      options.memcached ?? { servers: [] },
      timeoutMs,
      settings.itemSizeBytes,
      logger,
    );
    // A client the engine created: the driver batches each tick's writes (as on Redis).
    const driver = new MemcachedClientDriver(client, true, deadlines, memcachedWriteCoalescer(client));
    return new MemcachedStore(driver, deadlines);
  }
  const client =
    (given as unknown as MemjsClient | undefined) ??
    (await createMemjsClient(options.memjs ?? { servers: [] }, timeoutMs, logger));
  return new MemcachedStore(new MemjsDriver(client, given === undefined, deadlines), deadlines);
}
