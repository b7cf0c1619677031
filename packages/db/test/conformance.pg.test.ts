import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { describeWithService } from '@sessionkit/test-services';
import { serverFixture } from './support/fixtures';

// PostgreSQL through the app's knex: the same engine code, the pg dialect.
describeWithService('pg', 'db engine on PostgreSQL', (url) => {
  const { factory, inspect } = serverFixture('pg', url);
  runEngineConformance('db engine, PostgreSQL', factory, {
    harness: jestHarness(),
    inspect,
    // sessionkit's own table stores version tokens.
    capabilities: { optimisticConcurrency: true },
  });
});
