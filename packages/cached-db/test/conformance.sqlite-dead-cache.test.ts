import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { uniquePrefix } from '../../cache/test/support/names';
import { redisEngine } from '../../cache/test/support/redis';
import { sqliteFixture } from '../../db/test/support/fixtures';
import { cachedDbFixture } from './support/pairs';

// The whole contract still holds with a cache that never answers (nothing listens on port 1):
// every cache failure is tolerated and the db serves. Each case's fresh engine waits out the
// cache's deadline on its first calls (ioredis holds them for the next attempt to connect; once
// one has failed, calls are refused at once), so that deadline is short: 21 s at 100 ms, 13 s at 20.
const { factory, inspect } = cachedDbFixture(sqliteFixture('memory'), () =>
  redisEngine('redis://127.0.0.1:1', uniquePrefix('dead'), { operationTimeoutMs: 20 }),
);
runEngineConformance('cached-db engine, SQLite + an unreachable cache', factory, {
  harness: jestHarness(),
  inspect,
  timeoutMs: 30_000,
  capabilities: { optimisticConcurrency: true },
});
