import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { describeWithService } from '@sessionkit/test-services';
import { serverFixture } from './support/fixtures';

// MariaDB/MySQL through the app's knex: the same engine code, the mysql dialect.
describeWithService('mysql', 'db engine on MariaDB/MySQL', (url) => {
  const { factory, inspect } = serverFixture('mysql', url);
  runEngineConformance('db engine, MariaDB/MySQL', factory, {
    harness: jestHarness(),
    inspect,
    // sessionkit's own table stores version tokens.
    capabilities: { optimisticConcurrency: true },
  });
});
