import { createCacheEngine } from '@sessionkit/cache';
import { plainJsonCodec, type SessionData } from '@sessionkit/core';
import { Redis } from 'ioredis';
import Memcached from 'memcached';
import { SECRET, TWO_WEEKS_MS } from '../payload.js';
import { engineStore, type SessionStore } from './contract.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Memcached for the bench: MEMCACHED_SERVERS, else a local default. */
export const MEMCACHED_SERVERS = process.env.MEMCACHED_SERVERS ?? '127.0.0.1:11211';
const TTL_S = TWO_WEEKS_MS / 1000;

/** Every contender writes under its own prefix, and removes its keys at the end. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** The limit: one ioredis client, GET then SET … PX, the same JSON. */
export function rawRedis(prefix = 'bench:raw:'): SessionStore {
  let redis: Redis | undefined;
  const r = (): Redis => redis as Redis;
  return {
    name: 'raw ioredis GET+SET',
    group: 'limit',
    note: 'ioredis, one connection',
    async open() {
      redis = new Redis(REDIS_URL);
    },
    async create(key, data) {
      await r().set(prefix + key, JSON.stringify(data), 'PX', TWO_WEEKS_MS);
    },
    load: (key) =>
      r()
        .get(prefix + key)
        .then((text) => (text === null ? null : (JSON.parse(text) as SessionData))),
    save: (key, data) => r().set(prefix + key, JSON.stringify(data), 'PX', TWO_WEEKS_MS),
    async close() {
      await dropPrefix(r(), prefix);
      await redis?.quit();
    },
  };
}

/** The engine's options beyond the connection: plain does the peers' work (JSON, keys as given). */
const PLAIN_OPTIONS = { codec: plainJsonCodec, hashKeys: false } as const;
const PLAIN_TEXT = '{ codec: plainJsonCodec, hashKeys: false }';
const DEFAULTS_TEXT = '{ secret }: hashed keys, Django-signed codec';

/** Ours on Redis: defaults (signed, keys hashed) or plain (the peers' work). */
export function oursRedis(plain: boolean): SessionStore {
  const prefix = `bench:ours-${plain ? 'plain' : 'signed'}:`;
  return engineStore(
    `ours: cache engine on Redis, ${plain ? 'plain' : 'defaults'}`,
    'ours',
    `ioredis, one connection (the engine gathers each tick's commands into one write); ${plain ? PLAIN_TEXT : DEFAULTS_TEXT}`,
    () =>
      createCacheEngine({
        redis: REDIS_URL,
        prefix,
        warnOnEviction: false,
        ...(plain ? PLAIN_OPTIONS : { secret: SECRET }),
      }),
    {
      cleanup: async () => {
        const redis = new Redis(REDIS_URL);
        await dropPrefix(redis, prefix);
        await redis.quit();
      },
    },
  );
}

/** The limit on Memcached: the `memcached` client, get then set. */
export function rawMemcached(prefix = 'bench:raw:'): SessionStore {
  let client: Memcached | undefined;
  const c = (): Memcached => client as Memcached;
  const set = (key: string, data: SessionData): Promise<void> =>
    new Promise((resolve, reject) =>
      c().set(prefix + key, JSON.stringify(data), TTL_S, (e) => (e ? reject(e) : resolve())),
    );
  return {
    name: 'raw memcached get+set',
    group: 'limit',
    note: '`memcached` client',
    async open() {
      client = new Memcached(MEMCACHED_SERVERS.split(','), { retries: 0, poolSize: 64 });
    },
    create: set,
    load: (key) =>
      new Promise((resolve, reject) =>
        c().get(prefix + key, (e, text) =>
          e ? reject(e) : resolve(typeof text === 'string' ? (JSON.parse(text) as SessionData) : null),
        ),
      ),
    save: set,
    async close() {
      client?.end();
    },
  };
}

/** Ours on Memcached through the `memcached` client. */
export function oursMemcached(plain: boolean): SessionStore {
  return engineStore(
    `ours: cache engine on Memcached, ${plain ? 'plain' : 'defaults'}`,
    'ours',
    `\`memcached\` client, session defaults; ${plain ? PLAIN_TEXT : DEFAULTS_TEXT}`,
    () =>
      createCacheEngine({
        memcached: { servers: MEMCACHED_SERVERS.split(',') },
        prefix: `bench:ours-${plain ? 'plain' : 'signed'}:`,
        ...(plain ? PLAIN_OPTIONS : { secret: SECRET }),
      }),
  );
}
