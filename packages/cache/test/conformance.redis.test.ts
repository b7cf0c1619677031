import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { describeWithService } from '@sessionkit/test-services';
import { uniquePrefix } from './support/names';
import { redisEngine, redisInspector } from './support/redis';

// A single redis-server (the machine's, or REDIS_URL); every case under its own prefix.
describeWithService('redis', 'cache engine on a single Redis', (url) => {
  runEngineConformance('cache engine, Redis', () => redisEngine(url, uniquePrefix('conf')), {
    harness: jestHarness(),
    capabilities: { clearExpired: 'unnecessary', usesInjectedClock: false, optimisticConcurrency: true },
    inspect: redisInspector(),
  });
});
