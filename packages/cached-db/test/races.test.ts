import type { CacheEngine } from '@sessionkit/cache';
import { type CachedDbEngine, createCachedDbEngine } from '@sessionkit/cached-db';
import type { SessionEngine } from '@sessionkit/core/engine';
import { describeWithBinaries, describeWithService } from '@sessionkit/test-services';
import { memcachedEngine, memcachedServer } from '../../cache/test/support/memcached';
import { uniquePrefix } from '../../cache/test/support/names';
import { redisEngine } from '../../cache/test/support/redis';
import { countingDb, freshKey, holdingAnswer, recordFor, sqliteDb } from './support/engines';

/** The cases every cache runs: an update whose db write lands first, its cache write last. */
function updateRacingDelete(makeCache: () => SessionEngine, conditional: boolean): void {
  const opened: CachedDbEngine[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((engine) => engine.close()));
  });

  async function racePair() {
    const db = await sqliteDb();
    const holding = holdingAnswer(db, 'update');
    const queries = countingDb(holding.engine);
    const cache = makeCache();
    const engine = createCachedDbEngine({ db: queries.engine, cache });
    opened.push(engine);
    return { engine, cache, holding, queries };
  }

  it.each([
    ['the session was cached', false],
    ['the cache had no entry for it', true],
  ])('a delete finishing between an update’s db write and its cache write wins (%s)', async (_, evicted) => {
    const { engine, cache, holding, queries } = await racePair();
    const key = freshKey();
    await engine.create(key, recordFor({ round: 'before' }));
    if (evicted) await cache.delete(key);
    const updating = engine.update(key, recordFor({ round: 'late update' }));
    await holding.answered;
    await engine.delete(key);
    holding.release();
    // The update's db write landed before the delete, so it resolves; its cache write comes last.
    await expect(updating).resolves.toBe(key);
    expect(engine.pendingCacheRepairs).toBe(0);
    const before = queries.count;
    expect(await engine.load(key)).toBeNull();
    if (conditional) {
      // The delete's mark is still there: the load was answered by the cache alone.
      expect(queries.count - before).toBe(0);
      expect((await cache.load(key))?.data).toEqual({ t: 'sessionkit.cached-db', gone: true });
    } else {
      // A cache without versions drops its entry on every update: the db answers.
      expect(queries.count - before).toBe(1);
      expect(await cache.load(key)).toBeNull();
    }
  });

  it('an update with no race still replaces the cached entry, and the next read is a hit', async () => {
    const { engine, holding, queries } = await racePair();
    holding.release();
    const key = freshKey();
    await engine.create(key, recordFor({ n: 1 }));
    await engine.update(key, recordFor({ n: 2 }));
    const before = queries.count;
    expect((await engine.load(key))?.data).toEqual({ n: 2 });
    expect(queries.count - before).toBe(conditional ? 0 : 1);
  });
}

describeWithService('redis', 'cached-db: an update racing a delete, Redis', (url) => {
  updateRacingDelete(() => redisEngine(url, uniquePrefix('cdbrace')), true);
});

describeWithBinaries(
  ['memcached'],
  'memcached (apt-get install memcached)',
  'cached-db: an update racing a delete, Memcached',
  () => {
    const server = memcachedServer();
    const address = (): string[] => [`127.0.0.1:${server.current().port}`];
    describe('over the memcached client (gets and cas)', () => {
      updateRacingDelete((): CacheEngine => memcachedEngine('memcached', address(), uniquePrefix('cdbrace')), true);
    });
    describe('over memjs (no cas: updates drop the entry)', () => {
      updateRacingDelete((): CacheEngine => memcachedEngine('memjs', address(), uniquePrefix('cdbrace')), false);
    });
  },
);
