import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { createCacheEngine } from '@sessionkit/cache';
import { createCachedDbEngine } from '@sessionkit/cached-db';
import { plainJsonCodec, type SessionData } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import { Redis } from 'ioredis';
import { SECRET, TWO_WEEKS_MS } from '../payload.js';
import { dropPrefix, REDIS_URL } from './cache.js';
import { engineStore, type SessionStore } from './contract.js';
import { openSqlite, PRAGMA_NOTE } from './sqlite.js';

/** A key prefix of this run's own on the shared Redis. */
function benchPrefix(label: string): string {
  return `bench:cdb:${label}:${randomBytes(4).toString('hex')}:`;
}

/** Removes every key under `prefix`: the bench leaves nothing behind. */
async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    await dropPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/**
 * The limit: the same work by hand. Load is a Redis GET (a hit); save is the prepared SQLite
 * UPDATE, then a Redis SET with the TTL.
 */
export function rawSqliteRedis(file: string): SessionStore {
  const prefix = benchPrefix('raw');
  let db: Database.Database | undefined;
  let redis: Redis | undefined;
  let update: Database.Statement | undefined;
  let insert: Database.Statement | undefined;
  const r = (): Redis => redis as Redis;
  return {
    name: 'raw better-sqlite3 + ioredis',
    group: 'limit',
    note: `${PRAGMA_NOTE}; expiry index; load: GET; save: prepared UPDATE, then SET PX`,
    async open() {
      db = openSqlite(file);
      // The engine's table shape, as the SQLite suite's limit has it: the expiry index is what
      // lets clearExpired find dead rows, and every UPDATE of the expiry maintains it.
      db.exec(
        'CREATE TABLE bench_raw_cdb (key TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER NOT NULL); CREATE INDEX bench_raw_cdb_exp ON bench_raw_cdb (expires_at)',
      );
      update = db.prepare('UPDATE bench_raw_cdb SET data = ?, expires_at = ? WHERE key = ?');
      insert = db.prepare('INSERT INTO bench_raw_cdb (key, data, expires_at) VALUES (?, ?, ?)');
      // No auto-pipelining: one operation at a time, it would only add a setImmediate wait per command.
      redis = new Redis(REDIS_URL);
    },
    async create(key, data) {
      const text = JSON.stringify(data);
      insert?.run(key, text, Date.now() + TWO_WEEKS_MS);
      await r().set(prefix + key, text, 'PX', 60_000);
    },
    async load(key) {
      const text = await r().get(prefix + key);
      return text === null ? null : (JSON.parse(text) as SessionData);
    },
    async save(key, data) {
      const text = JSON.stringify(data);
      update?.run(text, Date.now() + TWO_WEEKS_MS, key);
      await r().set(prefix + key, text, 'PX', 60_000);
    },
    async close() {
      db?.close();
      redis?.disconnect();
      await dropKeys(prefix);
    },
  };
}

/**
 * Ours, composed of the db engine and the cache engine. Plain: no key hashing, no signing
 * (what the raw limit does); defaults: hashed keys and Django's signed codec on both.
 */
export function oursCachedDb(file: string, mode: 'plain' | 'defaults'): SessionStore {
  const prefix = benchPrefix(mode);
  const codec = mode === 'plain' ? { codec: plainJsonCodec, hashKeys: false } : { secret: SECRET };
  return engineStore(
    `ours: cached-db, ${mode}`,
    'ours',
    mode === 'plain'
      ? 'db { filename, codec: plainJsonCodec, hashKeys: false } + cache { redis, same } (cache TTL cap 60 s)'
      : 'db { filename, secret } + cache { redis, secret }: hashed keys, Django-signed codec (zlib)',
    () =>
      createCachedDbEngine({
        db: createDbEngine({ filename: file, ...codec }),
        cache: createCacheEngine({ redis: REDIS_URL, prefix, warnOnEviction: false, ...codec }),
      }),
    { cleanup: () => dropKeys(prefix) },
  );
}
