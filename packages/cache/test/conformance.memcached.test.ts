import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { describeWithBinaries } from '@sessionkit/test-services';
import { memcachedEngine, memcachedInspector, memcachedServer } from './support/memcached';
import { uniquePrefix } from './support/names';

const INSTALL = 'memcached (apt-get install memcached)';

// One memcached server of this file's own, through each client; a case that breaks the
// store kills the server, and the next case's factory starts it again on the same port.
describeWithBinaries(['memcached'], INSTALL, 'cache engine on Memcached', () => {
  const server = memcachedServer();
  const inspect = memcachedInspector(() => server.current());
  for (const client of ['memcached', 'memjs'] as const) {
    runEngineConformance(
      `cache engine, Memcached through ${client}`,
      async () => {
        await server.current().start();
        return memcachedEngine(client, [`127.0.0.1:${server.current().port}`], uniquePrefix(client));
      },
      {
        harness: jestHarness(),
        capabilities: {
          clearExpired: 'unnecessary',
          usesInjectedClock: false,
          ttlResolutionMs: 1000,
          maxDataBytes: memcachedEngine(client, ['127.0.0.1:1'], uniquePrefix(client)).capabilities.maxDataBytes,
          optimisticConcurrency: client === 'memcached',
        },
        inspect,
      },
    );
  }
});
