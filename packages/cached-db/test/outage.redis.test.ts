import type { CacheEngine } from '@sessionkit/cache';
import { type CachedDbEngine, createCachedDbEngine } from '@sessionkit/cached-db';
import type { DbEngine } from '@sessionkit/db';
import { describeWithBinaries } from '@sessionkit/test-services';
import { uniquePrefix } from '../../cache/test/support/names';
import { redisEngine } from '../../cache/test/support/redis';
import { freshKey, recordFor, sleep, sqliteDb } from './support/engines';
import { savedRedis } from './support/saved-redis';

// The cache must come back WITH the entries it held before the outage (else there is nothing
// stale to serve): see savedRedis.
describeWithBinaries(
  ['redis-server'],
  'redis-server (apt-get install redis-server)',
  'cached-db: changes during a cache outage',
  () => {
    const redis = savedRedis();
    const opened: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((engine) => engine.close()));
    });

    /** One app process: its own db handle on the shared db, its own client on the shared cache. */
    function appProcess(
      db: DbEngine,
      prefix: string,
      retryIntervalMs = 3_600_000,
    ): { engine: CachedDbEngine; cache: CacheEngine } {
      const cache = redisEngine(redis.url, prefix, { operationTimeoutMs: 300 });
      const engine = createCachedDbEngine({ db, cache, retryIntervalMs });
      opened.push(engine);
      return { engine, cache };
    }

    /** Retries the repair until the engine's client is back (5 s at most), checking every read meanwhile. */
    async function repairWhileReading(
      engine: CachedDbEngine,
      key: string,
      check: (loaded: unknown) => void,
    ): Promise<number> {
      const deadline = Date.now() + 5000;
      for (;;) {
        check(await engine.load(key));
        const left = await engine.repairCache();
        if (left === 0 || Date.now() > deadline) return left;
        await sleep(100);
      }
    }

    it('a logout while the cache is down never lets the old session back when it returns', async () => {
      const db = await sqliteDb();
      const { engine, cache } = appProcess(db, uniquePrefix('logout'));
      const key = freshKey();
      await engine.create(key, recordFor({ user: 1 }));
      expect((await engine.load(key))?.data).toEqual({ user: 1 });

      await redis.outage(async () => {
        await engine.delete(key);
        expect(await engine.load(key)).toBeNull();
      });
      // The cache came back holding the old session: the scenario is real...
      expect(await redis.raw.exists(cache.storedKey(key))).toBe(1);
      expect(engine.pendingCacheRepairs).toBe(1);
      // ...and it is never served: the key is read from the db until the repair succeeds.
      expect(await engine.load(key)).toBeNull();
      expect(await engine.exists(key)).toBe(false);
      expect(await repairWhileReading(engine, key, (loaded) => expect(loaded).toBeNull())).toBe(0);
      // The repair wrote the delete's mark over the old session: no refill can land after it.
      expect((await cache.load(key))?.data).toEqual({ t: 'sessionkit.cached-db', gone: true });
      expect(await engine.load(key)).toBeNull();
    });

    it('an update while the cache is down is what is read after it returns', async () => {
      const db = await sqliteDb();
      const { engine, cache } = appProcess(db, uniquePrefix('update'));
      const key = freshKey();
      await engine.create(key, recordFor({ n: 1 }, 3600, 'v1'));
      await engine.load(key);
      await redis.outage(async () => {
        await engine.update(key, recordFor({ n: 2 }, 3600, 'v2'), { expectedVersion: 'v1' });
      });
      expect(await redis.raw.exists(cache.storedKey(key))).toBe(1);
      const current = (loaded: unknown) => expect(loaded).toMatchObject({ data: { n: 2 }, version: 'v2' });
      expect(await repairWhileReading(engine, key, current)).toBe(0);
      expect(await engine.load(key)).toMatchObject({ data: { n: 2 }, version: 'v2' });
      expect(await engine.load(key)).toMatchObject({ data: { n: 2 }, version: 'v2' });
    });

    it('the timer repairs the cache for every process once it returns', async () => {
      const db = await sqliteDb();
      const prefix = uniquePrefix('shared');
      const writer = appProcess(db, prefix, 200);
      const key = freshKey();
      await writer.engine.create(key, recordFor({ user: 1 }));
      await redis.outage(async () => {
        await writer.engine.delete(key);
      });
      // Another process shares the cache; it sees no stale entry once the writer's timer ran.
      const deadline = Date.now() + 5000;
      while (writer.engine.pendingCacheRepairs > 0 && Date.now() < deadline) await sleep(50);
      expect(writer.engine.pendingCacheRepairs).toBe(0);
      const other = appProcess(await sqliteDb(), prefix);
      expect(await other.engine.load(key)).toBeNull();
    });
  },
);
