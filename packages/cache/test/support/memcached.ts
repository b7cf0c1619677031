import type { Inspector } from '@sessionkit/conformance';
import type { SessionCodec } from '@sessionkit/core/engine';
import { type CacheEngine, createCacheEngine } from '@sessionkit/cache';
import { memcachedSpec, type SpawnedServer, startServer } from '@sessionkit/test-services';
import { HEADER_END } from '../../src/value';
import { damagedData } from './damage';
import { metadump, rawGet, rawSet, rawTtl } from './memcached-raw';
import { TEST_SECRET } from './names';

export type MemcachedClientName = 'memcached' | 'memjs';

/** A memcached server of the test file's own, started in beforeAll and killed in afterAll. */
export function memcachedServer(extra: string[] = []): { current(): SpawnedServer } {
  let server: SpawnedServer | undefined;
  beforeAll(async () => {
    // Without the LRU maintainer, items stay in one plain LRU per slab class. With it, the
    // segmented LRU lets `stats cachedump` list only the HOT segment while the maintainer
    // thread moves items out of it at any moment, so rawKeys could count a key in one call
    // and miss it in the next (a flaky "nothing was written").
    server = await startServer(memcachedSpec(['-o', 'no_lru_maintainer', ...extra]));
  });
  afterAll(async () => {
    await server?.kill();
  });
  return {
    current() {
      if (server === undefined) throw new Error('memcached is not started yet');
      return server;
    },
  };
}

/** Keeps raw text as it is (CR and LF included), to see the client's escaping. */
export const rawTextCodec: SessionCodec = {
  name: 'raw-text',
  encode: (data) => String(data.text),
  decode: (text) => ({ text }),
};

/** An engine over the named client, creating it with the session defaults (signed, unless given a codec). */
export function memcachedEngine(
  client: MemcachedClientName,
  servers: string[],
  prefix: string,
  options: { operationTimeoutMs?: number; itemSizeBytes?: number; maxDataBytes?: number; codec?: SessionCodec } = {},
): CacheEngine {
  const connection = { servers };
  return createCacheEngine({
    ...(client === 'memcached' ? { memcached: connection } : { memjs: connection }),
    prefix,
    ...(options.codec === undefined ? { secret: TEST_SECRET } : {}),
    operationTimeoutMs: 1000,
    ...options,
  });
}

/** Raw access over the text protocol; breaking the store kills the server (the factory restarts it). */
export function memcachedInspector(server: () => SpawnedServer): Inspector<CacheEngine> {
  return {
    async rawKeys() {
      // Every key on the server (it is this file's own). lru_crawler metadump walks every LRU,
      // items written this second included (stats cachedump skips those, which made counts flaky).
      return [...(await metadump(server().port)).keys()];
    },
    async rawExpiry(engine, key) {
      const ttl = await rawTtl(server().port, engine.storedKey(key));
      return ttl === null || ttl < 0 ? null : new Date(Date.now() + ttl * 1000);
    },
    async breakStore() {
      await server().kill();
    },
    async corruptRecord(engine, key, damage) {
      const stored = engine.storedKey(key);
      const value = (await rawGet(server().port, stored)) ?? '';
      const end = value.indexOf(HEADER_END);
      const text = `${value.slice(0, end + 1)}${damagedData(value.slice(end + 1), damage)}`;
      await rawSet(server().port, stored, text, (await rawTtl(server().port, stored)) ?? 3600);
    },
  };
}
