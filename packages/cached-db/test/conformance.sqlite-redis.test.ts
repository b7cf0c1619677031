import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { describeWithService } from '@sessionkit/test-services';
import { redisEngine } from '../../cache/test/support/redis';
import { uniquePrefix } from '../../cache/test/support/names';
import { sqliteFixture } from '../../db/test/support/fixtures';
import { cachedDbFixture } from './support/pairs';

// Embedded SQLite behind the machine's Redis, every case under its own key prefix.
describeWithService('redis', 'cached-db engine: SQLite + Redis', (url) => {
  const { factory, inspect } = cachedDbFixture(sqliteFixture('memory'), () => redisEngine(url, uniquePrefix('cdb')));
  runEngineConformance('cached-db engine, SQLite + Redis', factory, {
    harness: jestHarness(),
    inspect,
    // sessionkit's own table stores version tokens: the db (and so cached-db) declares versions.
    capabilities: { optimisticConcurrency: true },
  });
});
