import type { EngineFactory, FactoryContext, Inspector } from '@sessionkit/conformance';
import { EngineUnavailableError, type SessionEngine } from '@sessionkit/core/engine';
import { type CachedDbEngine, createCachedDbEngine } from '@sessionkit/cached-db';
import type { DbEngine } from '@sessionkit/db';
import type { Fixture } from '../../../db/test/support/fixtures';

/** The two engines behind each composed engine the tests made. */
const parts = new WeakMap<CachedDbEngine, { db: DbEngine; cache: SessionEngine }>();

/** The db and cache engines a test engine was composed of. */
export function partsOf(engine: CachedDbEngine): { db: DbEngine; cache: SessionEngine } {
  const found = parts.get(engine);
  if (found === undefined) throw new Error('not an engine made by cachedDbFixture');
  return found;
}

export interface PairOptions {
  cacheTtlSeconds?: number;
  retryIntervalMs?: number;
}

/**
 * A db fixture (from the db package's tests) and a cache engine maker, composed. The inspector
 * looks at the db, the source of truth; breaking the store breaks both; damaging a record
 * damages the db row and evicts the cached copy (as an edit made outside the store would be
 * seen once the cache TTL cap ran out).
 */
export function cachedDbFixture(
  dbFixture: Fixture,
  makeCache: (context: FactoryContext) => SessionEngine | Promise<SessionEngine>,
  options: PairOptions = {},
): { factory: EngineFactory<CachedDbEngine>; inspect: Inspector<CachedDbEngine> } {
  const dbInspect = dbFixture.inspect;
  return {
    async factory(context) {
      const db = await dbFixture.factory(context);
      const cache = await makeCache(context);
      const engine = createCachedDbEngine({ db, cache, clock: context.clock, ...options });
      parts.set(engine, { db, cache });
      return engine;
    },
    inspect: {
      rawKeys: (engine) => dbInspect.rawKeys?.(partsOf(engine).db) ?? [],
      rawExpiry: (engine, key) => dbInspect.rawExpiry?.(partsOf(engine).db, key) ?? null,
      async breakStore(engine) {
        const { db, cache } = partsOf(engine);
        await dbInspect.breakStore?.(db);
        await cache.close();
      },
      async corruptRecord(engine, key, damage) {
        const { db, cache } = partsOf(engine);
        await dbInspect.corruptRecord?.(db, key, damage);
        // An unreachable cache holds nothing to evict.
        await cache.delete(key).catch((error: unknown) => {
          if (!(error instanceof EngineUnavailableError)) throw error;
        });
      },
    },
  };
}
