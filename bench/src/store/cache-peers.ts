import connectMemcached from 'connect-memcached';
import ConnectRedis7 from 'connect-redis';
import { RedisStore as ConnectRedis9 } from 'connect-redis9';
import session from 'express-session';
import { Redis } from 'ioredis';
import Memcached from 'memcached';
import { createClient } from 'redis';
import { TWO_WEEKS_MS } from '../payload.js';
import { dropPrefix, MEMCACHED_SERVERS, REDIS_URL } from './cache.js';
import { type ExpressSessionStoreLike, expressStore, type SessionStore } from './contract.js';

const TTL_S = TWO_WEEKS_MS / 1000;

/** Removes a prefix's keys through a short-lived client of its own. */
export async function dropWithNewClient(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  await dropPrefix(redis, prefix);
  await redis.quit();
}

/** connect-redis 7 over an ioredis client with its defaults (no auto-pipelining), as its README shows. */
export function connectRedis7(): SessionStore {
  const prefix = 'bench:connect-redis7:';
  let client: Redis | undefined;
  return expressStore(
    'connect-redis 7.1.1 (ioredis)',
    'express-session store on one ioredis connection',
    async () => {
      client = new Redis(REDIS_URL);
      return new ConnectRedis7({ client, prefix, ttl: TTL_S }) as ExpressSessionStoreLike;
    },
    async () => {
      await dropWithNewClient(prefix);
      await client?.quit();
    },
  );
}

/** connect-redis 9 over node-redis 5, which pipelines whatever is sent in the same tick. */
export function connectRedis9(): SessionStore {
  const prefix = 'bench:connect-redis9:';
  let client: ReturnType<typeof createClient> | undefined;
  return expressStore(
    'connect-redis 9.0.0 (redis 5)',
    'express-session store on one node-redis connection',
    async () => {
      client = createClient({ url: REDIS_URL });
      await client.connect();
      return new ConnectRedis9({ client, prefix, ttl: TTL_S }) as unknown as ExpressSessionStoreLike;
    },
    async () => {
      await dropWithNewClient(prefix);
      await client?.quit();
    },
  );
}

/** connect-memcached 3 with the `memcached` client it creates (its defaults). */
export function connectMemcachedPeer(): SessionStore {
  let client: Memcached | undefined;
  return expressStore(
    'connect-memcached 3.0.0',
    'express-session store, `memcached` client with its defaults',
    async () => {
      const Store = connectMemcached(session) as new (options: object) => ExpressSessionStoreLike;
      client = new Memcached(MEMCACHED_SERVERS.split(','), { retries: 0 });
      return new Store({ client, prefix: 'bench:connect-memcached:', ttl: TTL_S });
    },
    async () => {
      client?.end();
    },
  );
}
