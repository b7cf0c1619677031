import type { CacheEngine } from '@sessionkit/cache';
import { type CachedDbEngine, createCachedDbEngine } from '@sessionkit/cached-db';
import { EngineUnavailableError, type SessionEngine, UpdateError } from '@sessionkit/core/engine';
import type { DbEngine } from '@sessionkit/db';
import { describeWithBinaries, describeWithService } from '@sessionkit/test-services';
import { memcachedEngine, memcachedServer } from '../../cache/test/support/memcached';
import { uniquePrefix } from '../../cache/test/support/names';
import { redisEngine } from '../../cache/test/support/redis';
import { countingDb, freshKey, holdingAnswer, holdingCall, recordFor, sqliteDb } from './support/engines';

const MARK = { t: 'sessionkit.cached-db', gone: true };

/**
 * A logout's mark in the cache must outlive every cache write that followed a db call made
 * before it: the drop of a touch or of a refused update, a retried repair. And a refill must
 * not bring back what a read fetched before this process wrote the key. Each case forces the
 * order that real traffic meets only by chance. `conditional`: the cache replaces only a
 * live entry (Redis, the memcached client); over memjs a drop removes whatever is there.
 */
function lateCacheWrites(makeCache: (prefix: string) => SessionEngine, conditional: boolean): void {
  const opened: CachedDbEngine[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((engine) => engine.close()));
  });

  function open(db: DbEngine, cache: SessionEngine): CachedDbEngine {
    const engine = createCachedDbEngine({ db, cache, retryIntervalMs: 60_000 });
    opened.push(engine);
    return engine;
  }

  /**
   * The cache, refusing the one write an update makes to it (a replace, or over memjs a drop),
   * then serving again. Fault injected: a real server cannot fail one chosen write on demand.
   */
  function refusingOneWrite(cache: SessionEngine): SessionEngine {
    const write = conditional ? 'update' : 'delete';
    let refused = false;
    return new Proxy(cache, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (property !== write || refused) return value.bind(target);
        return async () => {
          refused = true;
          throw new EngineUnavailableError('the cache went away for one write');
        };
      },
    });
  }

  /** A session whose cache entry was evicted, and a load that has read its row and waits to refill. */
  async function staleRefill() {
    const db = await sqliteDb();
    const reads = holdingAnswer(db, 'load');
    const cache = makeCache(uniquePrefix('cdbmark'));
    const engine = open(reads.engine, cache);
    const key = freshKey();
    await engine.create(key, recordFor({ user: 'alice' }));
    await cache.delete(key);
    const loading = engine.load(key);
    await reads.answered;
    return { db, cache, engine, key, loading, releaseRefill: reads.release };
  }

  it('an update refused after a logout (its row is gone) leaves a mark, so a refill that read before cannot land', async () => {
    const { cache, engine, key, loading, releaseRefill } = await staleRefill();
    await engine.delete(key);
    await expect(engine.update(key, recordFor({ user: 'alice', cart: 1 }))).rejects.toThrow(UpdateError);
    releaseRefill();
    // Read before the logout: that load may still answer what it read.
    expect((await loading)?.data).toEqual({ user: 'alice' });
    expect((await cache.load(key))?.data).toEqual(MARK);
    expect(await engine.load(key)).toBeNull();
  });

  it('a delete whose db call fails after it landed still marks the cache, and the caller hears of the failure', async () => {
    const db = await sqliteDb();
    // Fault injected: the delete runs on the real db, then its answer is replaced by an outage.
    const failing = new Proxy(db, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property !== 'delete') return typeof value === 'function' ? value.bind(target) : value;
        return async (key: string) => {
          await target.delete(key);
          throw new EngineUnavailableError('the db went away after the delete');
        };
      },
    });
    const queries = countingDb(failing);
    const cache = makeCache(uniquePrefix('cdbmark'));
    const engine = open(queries.engine, cache);
    const key = freshKey();
    await engine.create(key, recordFor({ user: 'alice' }));
    await expect(engine.delete(key)).rejects.toThrow(EngineUnavailableError);
    expect(await db.load(key)).toBeNull();
    expect((await cache.load(key))?.data).toEqual(MARK);
    const before = queries.count;
    expect(await engine.load(key)).toBeNull();
    expect(queries.count - before).toBe(0);
    expect(engine.pendingCacheRepairs).toBe(0);
  });

  it('a logout on a key awaiting a cache repair marks the cache at once, and the repair keeps the mark', async () => {
    const db = await sqliteDb();
    const prefix = uniquePrefix('cdbmark');
    const cache = makeCache(prefix);
    const flaky = refusingOneWrite(cache);
    const engine = open(db, flaky);
    // Another process on the same db and cache.
    const other = open(await sqliteDb(), makeCache(prefix));
    const key = freshKey();
    await engine.create(key, recordFor({ user: 'alice' }));
    await engine.update(key, recordFor({ user: 'alice', cart: 1 }));
    expect(engine.pendingCacheRepairs).toBe(1);
    await engine.delete(key);
    expect((await cache.load(key))?.data).toEqual(MARK);
    // The other process's db has no such row: only the cache could answer it with alice.
    expect(await other.load(key)).toBeNull();
    expect(await engine.repairCache()).toBe(0);
    expect((await cache.load(key))?.data).toEqual(MARK);
  });

  it('a read that fetched the row before this process wrote it does not refill the older copy', async () => {
    const { cache, engine, key, loading, releaseRefill } = await staleRefill();
    await engine.update(key, recordFor({ user: 'bob' }));
    // The touch drops the entry the update wrote (over memjs the update dropped it already).
    await engine.touch?.(key, new Date(Date.now() + 7_200_000));
    releaseRefill();
    expect((await loading)?.data).toEqual({ user: 'alice' });
    // Dropped by the touch, and not refilled with what the read fetched before the update.
    expect(await cache.load(key)).toBeNull();
    expect((await engine.load(key))?.data).toEqual({ user: 'bob' });
  });

  it('a read that fetched the row before an update whose cache write failed does not refill it after the repair', async () => {
    const db = await sqliteDb();
    const reads = holdingAnswer(db, 'load');
    const cache = makeCache(uniquePrefix('cdbmark'));
    const flaky = refusingOneWrite(cache);
    const engine = open(reads.engine, flaky);
    const key = freshKey();
    await engine.create(key, recordFor({ v: 1 }));
    await cache.delete(key);
    const loading = engine.load(key);
    await reads.answered;
    await engine.update(key, recordFor({ v: 2 }));
    expect(engine.pendingCacheRepairs).toBe(1);
    expect(await engine.repairCache()).toBe(0);
    reads.release();
    expect((await loading)?.data).toEqual({ v: 1 });
    expect((await engine.load(key))?.data).toEqual({ v: 2 });
  });

  // Without versions the drop removes whatever is there, the mark included (see the README).
  if (!conditional) return;

  it('a touch whose cache drop arrives after a logout leaves the mark, so a refill that read before cannot land', async () => {
    const { cache, key, loading, releaseRefill, db } = await staleRefill();
    // The touch's db write lands at once; its cache drop is held until after the logout.
    const drops = holdingCall(cache, 'update');
    const touching = open(db, drops.engine);
    const touched = touching.touch?.(key, new Date(Date.now() + 7_200_000));
    await drops.answered;
    await touching.delete(key);
    drops.release();
    await touched;
    releaseRefill();
    await loading;
    expect((await cache.load(key))?.data).toEqual(MARK);
    expect(await touching.load(key)).toBeNull();
  });
}

describeWithService('redis', 'cached-db: late cache writes (a logout’s mark, a stale refill), Redis', (url) => {
  lateCacheWrites((prefix) => redisEngine(url, prefix), true);
});

describeWithBinaries(
  ['memcached'],
  'memcached (apt-get install memcached)',
  'cached-db: late cache writes (a logout’s mark, a stale refill), Memcached',
  () => {
    const server = memcachedServer();
    const address = (): string[] => [`127.0.0.1:${server.current().port}`];
    describe('over the memcached client (gets and cas)', () => {
      lateCacheWrites((prefix): CacheEngine => memcachedEngine('memcached', address(), prefix), true);
    });
    describe('over memjs (no cas: a drop removes whatever is there)', () => {
      lateCacheWrites((prefix): CacheEngine => memcachedEngine('memjs', address(), prefix), false);
    });
  },
);
