import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { describeWithService } from '@sessionkit/test-services';
import { uniquePrefix } from '../../cache/test/support/names';
import { redisEngine } from '../../cache/test/support/redis';
import { serverFixture } from '../../db/test/support/fixtures';
import { cachedDbFixture } from './support/pairs';

// MariaDB (the machine's, a table of this file's own) behind the machine's Redis.
describeWithService('redis', 'cached-db engine: MariaDB + Redis', (redisUrl) => {
  describeWithService('mysql', 'on MariaDB', (url) => {
    const { factory, inspect } = cachedDbFixture(serverFixture('mysql', url), () =>
      redisEngine(redisUrl, uniquePrefix('cdb')),
    );
    runEngineConformance('cached-db engine, MariaDB + Redis', factory, { harness: jestHarness(), inspect });
  });
});
