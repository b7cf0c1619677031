import type { Inspector } from '@sessionkit/conformance';
import { type CacheEngine, createCacheEngine } from '@sessionkit/cache';
import type { Cluster, Redis } from 'ioredis';
import { HEADER_END } from '../../src/value';
import { damagedData } from './damage';
import { type RedisTopology, startRedisCluster } from '@sessionkit/test-services';
import { TEST_SECRET, uniquePrefix } from './names';

type RedisClient = Redis | Cluster;

/** The ioredis client behind an engine (opened if need be). */
export async function engineClient(engine: CacheEngine): Promise<RedisClient> {
  return ((await engine.store()) as unknown as { client: RedisClient }).client;
}

/** Every key under a prefix: SCAN on a node, on every master of a Cluster. */
export async function keysUnder(client: RedisClient, prefix: string): Promise<string[]> {
  const nodes: Redis[] =
    'isCluster' in client && client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
  }
  return keys;
}

/** Raw access through the engine's own client: keys by SCAN, expiry by PTTL, damage by SET KEEPTTL. */
export function redisInspector(): Inspector<CacheEngine> {
  return {
    async rawKeys(engine) {
      return (await keysUnder(await engineClient(engine), engine.prefix)).map((key) => key.slice(engine.prefix.length));
    },
    async rawExpiry(engine, key) {
      const ttl = await (await engineClient(engine)).pttl(engine.storedKey(key));
      return ttl < 0 ? null : new Date(Date.now() + ttl);
    },
    async breakStore(engine) {
      (await engineClient(engine)).disconnect();
    },
    async corruptRecord(engine, key, damage) {
      const client = await engineClient(engine);
      const stored = engine.storedKey(key);
      const value = (await client.get(stored)) ?? '';
      const end = value.indexOf(HEADER_END);
      const text = `${value.slice(0, end + 1)}${damagedData(value.slice(end + 1), damage)}`;
      await client.set(stored, text, 'KEEPTTL');
    },
  };
}

/** A Redis engine with the engine's own client; the keys go under `prefix`. */
export function redisEngine(url: string, prefix: string, options: { operationTimeoutMs?: number } = {}): CacheEngine {
  return createCacheEngine({ redis: url, prefix, secret: TEST_SECRET, warnOnEviction: false, ...options });
}

export const REDIS_CLUSTER_INSTALL = 'redis-server and redis-cli (apt-get install redis-server)';

/**
 * A 3-master Redis Cluster of the test file's own (started in beforeAll, stopped in afterAll),
 * and a maker of engines on it, each under its own prefix.
 */
export function redisClusterFixture(): { cluster(): RedisTopology | undefined; engine(prefix?: string): CacheEngine } {
  let cluster: RedisTopology | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return {
    cluster: () => cluster,
    engine: (prefix = uniquePrefix('cluster')) =>
      createCacheEngine({
        cluster: { nodes: (cluster?.servers ?? []).map(({ host, port }) => ({ host, port })) },
        prefix,
        secret: TEST_SECRET,
        warnOnEviction: false,
      }),
  };
}
