import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { describeWithBinaries, describeWithService } from '@sessionkit/test-services';
import { memcachedEngine, memcachedServer } from '../../cache/test/support/memcached';
import { uniquePrefix } from '../../cache/test/support/names';
import { serverFixture } from '../../db/test/support/fixtures';
import { cachedDbFixture } from './support/pairs';

// PostgreSQL (the machine's, a table of this file's own) behind a memcached this file spawns.
describeWithBinaries(
  ['memcached'],
  'memcached (apt-get install memcached)',
  'cached-db engine: PostgreSQL + Memcached',
  () => {
    const server = memcachedServer();
    describeWithService('pg', 'on PostgreSQL', (url) => {
      const { factory, inspect } = cachedDbFixture(serverFixture('pg', url), () =>
        memcachedEngine('memcached', [`127.0.0.1:${server.current().port}`], uniquePrefix('cdb')),
      );
      runEngineConformance('cached-db engine, PostgreSQL + Memcached', factory, {
        harness: jestHarness(),
        inspect,
        // sessionkit's own table stores version tokens: the db (and so cached-db) declares versions.
        capabilities: { optimisticConcurrency: true },
      });
    });
  },
);
