import { ManualClock } from '@sessionkit/conformance';
import { ConfigError, EngineUnavailableError, SessionConflictError, UpdateError } from '@sessionkit/core/engine';
import { type CacheEngine, createCacheEngine } from '@sessionkit/cache';
import { createCachedDbEngine } from '@sessionkit/cached-db';
import { describeWithService } from '@sessionkit/test-services';
import { TEST_SECRET, uniquePrefix } from '../../cache/test/support/names';
import { redisEngine } from '../../cache/test/support/redis';
import { closeEmbeddedConnection } from '../../db/test/support/inspect';
import { countingDb, freshKey, recordFor, sleep, sqliteDb } from './support/engines';

describeWithService('redis', 'cached-db on SQLite + Redis', (url) => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((engine) => engine.close()));
  });

  async function pair(options: { cacheTtlSeconds?: number; clock?: ManualClock; cache?: CacheEngine } = {}) {
    const db = await sqliteDb(options.clock);
    const queries = countingDb(db);
    const cache = options.cache ?? redisEngine(url, uniquePrefix('cdb'));
    const warnings: string[] = [];
    const engine = createCachedDbEngine({
      db: queries.engine,
      cache,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.cacheTtlSeconds ? { cacheTtlSeconds: options.cacheTtlSeconds } : {}),
      logger: { warn: (message) => warnings.push(message) },
    });
    opened.push(engine);
    return { engine, db, cache, warnings, queries };
  }

  it('serves a hit with zero database queries, load and exists alike', async () => {
    const { engine, queries } = await pair();
    const key = freshKey();
    await engine.create(key, recordFor({ user: 7 }, 3600, 'v1'));
    const before = queries.count;
    for (let i = 0; i < 5; i++) {
      const loaded = await engine.load(key);
      expect(loaded?.data).toEqual({ user: 7 });
      expect(loaded?.version).toBe('v1');
    }
    expect(await engine.exists(key)).toBe(true);
    expect(queries.count - before).toBe(0);
  });

  it('reads the db once on a miss and refills the cache with the time the row has left', async () => {
    const { engine, cache, queries } = await pair();
    const key = freshKey();
    const record = recordFor({ user: 8 }, 30);
    await engine.create(key, record);
    await cache.delete(key);
    const before = queries.count;
    expect((await engine.load(key))?.data).toEqual({ user: 8 });
    expect(queries.count - before).toBe(1);
    expect((await engine.load(key))?.expiresAt.getTime()).toBe(record.expiresAt.getTime());
    expect(queries.count - before).toBe(1);
    const client = await (cache as CacheEngine).store();
    const stored = await client.get((cache as CacheEngine).storedKey(key));
    expect(stored).not.toBeNull();
    // The entry's own life is the session's 30 s left, not the 60 s cap.
    expect(stored?.expiresAt).toBeLessThanOrEqual(record.expiresAt.getTime() + 1000);
  });

  it('answers a deleted session from the cache mark, without a query', async () => {
    const { engine, queries } = await pair();
    const key = freshKey();
    await engine.create(key, recordFor({ user: 9 }));
    await engine.delete(key);
    const before = queries.count;
    expect(await engine.load(key)).toBeNull();
    expect(await engine.exists(key)).toBe(false);
    expect(queries.count - before).toBe(0);
    // The key can be used again: the write replaces the mark.
    await engine.create(key, recordFor({ user: 10 }));
    expect((await engine.load(key))?.data).toEqual({ user: 10 });
  });

  it('asks the db when a cached entry looks expired by the injected clock', async () => {
    const clock = new ManualClock(Date.now());
    const { engine, queries } = await pair({ clock });
    const key = freshKey();
    await engine.create(key, { data: { a: 1 }, expiresAt: new Date(clock.now() + 10_000) });
    clock.advance(10_000);
    const before = queries.count;
    expect(await engine.load(key)).toBeNull();
    expect(queries.count - before).toBe(1);
  });

  it('decides version conflicts in the db and drops the cached copy on a conflict', async () => {
    const { engine, cache } = await pair();
    const key = freshKey();
    await engine.create(key, recordFor({ n: 1 }, 3600, 'v1'));
    await engine.update(key, recordFor({ n: 2 }, 3600, 'v2'), { expectedVersion: 'v1' });
    expect((await engine.load(key))?.version).toBe('v2');
    await expect(engine.update(key, recordFor({ n: 3 }, 3600, 'v3'), { expectedVersion: 'v1' })).rejects.toThrow(
      SessionConflictError,
    );
    expect(await cache.load(key)).toBeNull();
    expect((await engine.load(key))?.data).toEqual({ n: 2 });
    await engine.delete(key);
    await expect(engine.update(key, recordFor({ n: 4 }))).rejects.toThrow(UpdateError);
  });

  it('moves the expiry through touch: the db row, and the next read refills the cache', async () => {
    const { engine } = await pair();
    const key = freshKey();
    await engine.create(key, recordFor({ t: 1 }, 60, 'v1'));
    const later = new Date(Date.now() + 7200_000);
    await engine.touch?.(key, later);
    const loaded = await engine.load(key);
    expect(loaded?.expiresAt.getTime()).toBe(later.getTime());
    expect(loaded?.version).toBe('v1');
  });

  it('keeps serving from the db when the cache is unreachable, and logs instead of throwing', async () => {
    const dead = redisEngine('redis://127.0.0.1:1', uniquePrefix('dead'), { operationTimeoutMs: 300 });
    const { engine, warnings } = await pair({ cache: dead });
    const key = freshKey();
    await engine.create(key, recordFor({ u: 1 }, 3600, 'v1'));
    expect((await engine.load(key))?.data).toEqual({ u: 1 });
    expect(await engine.exists(key)).toBe(true);
    await engine.update(key, recordFor({ u: 2 }, 3600, 'v2'), { expectedVersion: 'v1' });
    await engine.touch?.(key, new Date(Date.now() + 60_000));
    expect((await engine.load(key))?.data).toEqual({ u: 2 });
    await engine.delete(key);
    expect(await engine.load(key)).toBeNull();
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((line) => !line.includes(key))).toBe(true);
    expect(engine.pendingCacheRepairs).toBe(1);
  });

  it('forgets a key awaiting repair once the cache TTL cap has outlived any entry it could hold', async () => {
    const dead = redisEngine('redis://127.0.0.1:1', uniquePrefix('dead'), { operationTimeoutMs: 200 });
    const { engine, queries } = await pair({ cache: dead, cacheTtlSeconds: 1 });
    const key = freshKey();
    await engine.create(key, recordFor({ u: 1 }));
    expect(engine.pendingCacheRepairs).toBe(1);
    expect(await engine.repairCache()).toBe(1);
    // Every entry written before the failure is gone from the cache after 1 s (+1 s of slack).
    await sleep(2100);
    expect(await engine.repairCache()).toBe(0);
    const before = queries.count;
    expect((await engine.load(key))?.data).toEqual({ u: 1 });
    expect(queries.count - before).toBe(1);
  });

  it('lets a db failure reach the caller as EngineUnavailableError', async () => {
    const { engine, db, cache } = await pair();
    const key = freshKey();
    await engine.create(key, recordFor({ u: 1 }));
    await cache.delete(key);
    await closeEmbeddedConnection(db);
    await expect(engine.load(key)).rejects.toThrow(EngineUnavailableError);
    await expect(engine.create(freshKey(), recordFor({ u: 2 }))).rejects.toThrow(EngineUnavailableError);
  });

  it('with the db down and the cache up: hits are served, writes fail and never reach the cache', async () => {
    const { engine, db, cache } = await pair();
    const key = freshKey();
    await engine.create(key, recordFor({ u: 1 }, 3600, 'v1'));
    await closeEmbeddedConnection(db);
    expect((await engine.load(key))?.data).toEqual({ u: 1 });
    await expect(engine.update(key, recordFor({ u: 2 }, 3600, 'v2'))).rejects.toThrow(EngineUnavailableError);
    // The failed write may have landed (a timeout): the cached copy is dropped, not replaced.
    expect(await cache.load(key)).toBeNull();
    await expect(engine.load(key)).rejects.toThrow(EngineUnavailableError);
    await expect(engine.delete(key)).rejects.toThrow(EngineUnavailableError);
  });

  it('serves a row deleted outside the store for at most cacheTtlSeconds (here 1 s)', async () => {
    const { engine, db, queries } = await pair({ cacheTtlSeconds: 1 });
    const key = freshKey();
    await engine.create(key, recordFor({ u: 1 }));
    const deletedAt = Date.now();
    await db.knex(db.layout.table).delete();
    // Inside the bound the cache may still answer (that is the documented cost of a hit)...
    const before = queries.count;
    const early = await engine.load(key);
    if (Date.now() - deletedAt < 900) {
      expect(early?.data).toEqual({ u: 1 });
      expect(queries.count - before).toBe(0);
    }
    // ...and past it the db decides.
    await sleep(Math.max(0, deletedAt + 1100 - Date.now()));
    expect(await engine.load(key)).toBeNull();
    expect(await engine.exists(key)).toBe(false);
  });

  it('serves a record too large for the cache from the db, quietly', async () => {
    const small = createCacheEngine({
      redis: url,
      prefix: uniquePrefix('small'),
      secret: TEST_SECRET,
      maxDataBytes: 300,
    });
    const { engine, cache, warnings, queries } = await pair({ cache: small });
    const key = freshKey();
    await engine.create(key, recordFor({ blob: 'x'.repeat(1000) }));
    expect(await cache.load(key)).toBeNull();
    const before = queries.count;
    expect((await engine.load(key))?.data).toEqual({ blob: 'x'.repeat(1000) });
    expect(queries.count - before).toBe(1);
    expect(engine.capabilities.maxDataBytes).toBe(1024 * 1024);
    expect(warnings).toEqual([]);
    expect(engine.pendingCacheRepairs).toBe(0);
  });

  it('refuses bad options with ConfigError', async () => {
    const db = await sqliteDb();
    const cache = redisEngine(url, uniquePrefix('cfg'));
    opened.push(db, cache);
    expect(() => createCachedDbEngine({ db, cache, cacheTtlSeconds: 0 })).toThrow(ConfigError);
    expect(() => createCachedDbEngine({ db, cache, retryIntervalMs: 1.5 })).toThrow(ConfigError);
    expect(() => createCachedDbEngine({ db, cache: db })).toThrow(ConfigError);
    expect(() => createCachedDbEngine({ db, cache: undefined as never })).toThrow(ConfigError);
  });
});
