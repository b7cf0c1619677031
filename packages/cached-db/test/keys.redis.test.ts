import { CacheEngine, createCacheEngine } from '@sessionkit/cache';
import { createCachedDbEngine } from '@sessionkit/cached-db';
import type { EngineCapabilities } from '@sessionkit/core/engine';
import { describeWithService } from '@sessionkit/test-services';
import { TEST_SECRET, uniquePrefix } from '../../cache/test/support/names';
import { countingDb, recordFor, sqliteDb } from './support/engines';

/** A Redis cache engine whose keys must be hex: narrower than the db engine's rules. */
class HexKeyCache extends CacheEngine {
  constructor(url: string) {
    super({ redis: url, prefix: uniquePrefix('cdbhex'), secret: TEST_SECRET, warnOnEviction: false });
    const capabilities: EngineCapabilities = { ...this.capabilities, keyPattern: /^[a-f0-9]+$/ };
    Object.defineProperty(this, 'capabilities', { value: Object.freeze(capabilities) });
  }
}

describeWithService('redis', 'cached-db key rules', (url) => {
  it('refuses a key the cache refuses though the db takes it, also where the read skips the cache check', async () => {
    const db = await sqliteDb();
    const queries = countingDb(db);
    const engine = createCachedDbEngine({ db: queries.engine, cache: new HexKeyCache(url), logger: { warn() {} } });
    try {
      const key = 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz';
      await db.create(key, recordFor({ user: 1 }));
      const before = queries.count;
      expect(await engine.load(key)).toBeNull();
      expect(await engine.exists(key)).toBe(false);
      expect(queries.count).toBe(before);
      const hex = 'abcdef0123456789abcdef0123456789';
      await engine.create(hex, recordFor({ user: 2 }));
      expect((await engine.load(hex))?.data).toEqual({ user: 2 });
    } finally {
      await engine.close();
    }
  });

  it('reads through a cache whose load is replaced (a fault injected), not past it', async () => {
    const db = await sqliteDb();
    const cache = createCacheEngine({
      redis: url,
      prefix: uniquePrefix('cdbspy'),
      secret: TEST_SECRET,
      warnOnEviction: false,
    });
    const warnings: string[] = [];
    const engine = createCachedDbEngine({ db, cache, logger: { warn: (message) => warnings.push(message) } });
    try {
      const key = 'abcdef0123456789abcdef0123456789';
      await engine.create(key, recordFor({ user: 3 }));
      const load = jest.spyOn(cache, 'load').mockRejectedValue(new Error('injected'));
      expect((await engine.load(key))?.data).toEqual({ user: 3 });
      expect(load).toHaveBeenCalledTimes(1);
      expect(warnings).toHaveLength(1);
    } finally {
      await engine.close();
    }
  });
});
