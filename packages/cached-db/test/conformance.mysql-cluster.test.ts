import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { describeWithBinaries, describeWithService } from '@sessionkit/test-services';
import { uniquePrefix } from '../../cache/test/support/names';
import { REDIS_CLUSTER_INSTALL, redisClusterFixture } from '../../cache/test/support/redis';
import { serverFixture } from '../../db/test/support/fixtures';
import { cachedDbFixture } from './support/pairs';

// MariaDB (the machine's, a table of this file's own) behind a 3-master Redis Cluster this file starts.
describeWithBinaries(
  ['redis-server', 'redis-cli'],
  REDIS_CLUSTER_INSTALL,
  'cached-db engine: MariaDB + Redis Cluster',
  () => {
    const redis = redisClusterFixture();
    describeWithService('mysql', 'on MariaDB', (url) => {
      const { factory, inspect } = cachedDbFixture(serverFixture('mysql', url), () =>
        redis.engine(uniquePrefix('cdb')),
      );
      runEngineConformance('cached-db engine, MariaDB + Redis Cluster', factory, {
        harness: jestHarness(),
        inspect,
        // sessionkit's own table stores version tokens: the db (and so cached-db) declares versions.
        capabilities: { optimisticConcurrency: true },
      });
    });
  },
);
