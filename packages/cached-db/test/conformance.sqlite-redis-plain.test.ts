import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { createCacheEngine } from '@sessionkit/cache';
import { plainJsonCodec } from '@sessionkit/core/engine';
import { createDbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import { uniquePrefix } from '../../cache/test/support/names';
import type { Fixture } from '../../db/test/support/fixtures';
import { closeEmbeddedConnection, dbInspector } from '../../db/test/support/inspect';
import { cachedDbFixture } from './support/pairs';
import { withoutJsonRecords } from './support/plain-records';

// Plain JSON on both sides (the bench's setup): both engines store the JsonRecord's JSON as
// it is (RecordRules.encodeJson). Then the same engines behind a wrapper that hands them plain
// records, as an engine that does not know JsonRecord gets them: the fallback path.
const plainSqlite = (plainRecords: boolean): Fixture => ({
  async factory({ clock }) {
    const engine = createDbEngine({ filename: ':memory:', codec: plainJsonCodec, clock });
    await engine.migrate();
    return plainRecords ? withoutJsonRecords(engine) : engine;
  },
  inspect: dbInspector({ breakStore: closeEmbeddedConnection }),
});

describeWithService('redis', 'cached-db engine: SQLite + Redis, plain JSON', (url) => {
  for (const plainRecords of [false, true]) {
    const { factory, inspect } = cachedDbFixture(plainSqlite(plainRecords), () => {
      const cache = createCacheEngine({
        redis: url,
        prefix: uniquePrefix('cdbplain'),
        codec: plainJsonCodec,
        hashKeys: false,
        warnOnEviction: false,
      });
      return plainRecords ? withoutJsonRecords(cache) : cache;
    });
    const name = plainRecords ? 'engines that do not know JsonRecord' : 'engines that store its JSON';
    runEngineConformance(`cached-db engine, SQLite + Redis, plain JSON, ${name}`, factory, {
      harness: jestHarness(),
      inspect,
      capabilities: { optimisticConcurrency: true },
    });
  }
});
