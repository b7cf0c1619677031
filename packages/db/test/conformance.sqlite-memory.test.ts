import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { sqliteFixture } from './support/fixtures';

// The embedded default: better-sqlite3 with prepared statements, on a :memory: database.
const { factory, inspect } = sqliteFixture('memory');
runEngineConformance('db engine, SQLite (memory)', factory, {
  harness: jestHarness(),
  inspect,
  // sessionkit's own table stores version tokens.
  capabilities: { optimisticConcurrency: true },
});
