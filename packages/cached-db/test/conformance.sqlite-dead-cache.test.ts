import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { uniquePrefix } from '../../cache/test/support/names';
import { redisEngine } from '../../cache/test/support/redis';
import { sqliteFixture } from '../../db/test/support/fixtures';
import { cachedDbFixture } from './support/pairs';

// The whole contract still holds with a cache that never answers (nothing listens on port 1):
// every cache failure is tolerated and the db serves. A call to it waits out the cache's
// deadline (ioredis holds it for the next reconnect), so that deadline is short: the run took
// 39 s at 100 ms.
const { factory, inspect } = cachedDbFixture(sqliteFixture('memory'), () =>
  redisEngine('redis://127.0.0.1:1', uniquePrefix('dead'), { operationTimeoutMs: 20 }),
);
runEngineConformance('cached-db engine, SQLite + an unreachable cache', factory, {
  harness: jestHarness(),
  inspect,
  timeoutMs: 30_000,
  capabilities: { optimisticConcurrency: true },
});
