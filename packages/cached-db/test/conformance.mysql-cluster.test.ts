import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { createCacheEngine } from '@sessionkit/cache';
import { describeWithBinaries, describeWithService, type RedisTopology, startRedisCluster } from '@sessionkit/test-services';
import { TEST_SECRET, uniquePrefix } from '../../cache/test/support/names';
import { serverFixture } from '../../db/test/support/fixtures';
import { cachedDbFixture } from './support/pairs';

const INSTALL = 'redis-server and redis-cli (apt-get install redis-server)';

// MariaDB (the machine's, a table of this file's own) behind a 3-master Redis Cluster this file starts.
describeWithBinaries(['redis-server', 'redis-cli'], INSTALL, 'cached-db engine: MariaDB + Redis Cluster', () => {
  let cluster: RedisTopology | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  describeWithService('mysql', 'on MariaDB', (url) => {
    const { factory, inspect } = cachedDbFixture(serverFixture('mysql', url), () =>
      createCacheEngine({
        cluster: { nodes: (cluster?.servers ?? []).map(({ host, port }) => ({ host, port })) },
        prefix: uniquePrefix('cdb'),
        secret: TEST_SECRET,
        warnOnEviction: false,
      }),
    );
    runEngineConformance('cached-db engine, MariaDB + Redis Cluster', factory, { harness: jestHarness(), inspect });
  });
});
