import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { sqliteFixture } from './support/fixtures';

// The embedded default: better-sqlite3 with prepared statements, on a temp file.
const { factory, inspect } = sqliteFixture('file');
runEngineConformance('db engine, SQLite (file)', factory, {
  harness: jestHarness(),
  inspect,
  // sessionkit's own table stores version tokens.
  capabilities: { optimisticConcurrency: true },
});
