import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { generateSessionKey } from '@sessionkit/core/engine';
import { describeWithBinaries, redisCli } from '@sessionkit/test-services';
import { REDIS_CLUSTER_INSTALL, redisClusterFixture, redisInspector } from './support/redis';

// A 3-master Redis Cluster of this file's own, on free loopback ports.
describeWithBinaries(['redis-server', 'redis-cli'], REDIS_CLUSTER_INSTALL, 'cache engine on a Redis Cluster', () => {
  const { cluster, engine } = redisClusterFixture();

  runEngineConformance('cache engine, Redis Cluster', () => engine(), {
    harness: jestHarness(),
    capabilities: { clearExpired: 'unnecessary', usesInjectedClock: false, optimisticConcurrency: true },
    inspect: redisInspector(),
  });

  it('spreads sessions over the masters; scripts and conditional writes run on each key slot', async () => {
    const cache = engine();
    const keys = Array.from({ length: 30 }, () => generateSessionKey());
    for (const key of keys)
      await cache.create(key, { data: { key }, expiresAt: new Date(Date.now() + 60_000), version: 'v1' });
    for (const key of keys) {
      await cache.update(
        key,
        { data: { key, n: 2 }, expiresAt: new Date(Date.now() + 60_000), version: 'v2' },
        { expectedVersion: 'v1' },
      );
    }
    const perNode = (cluster()?.servers ?? []).map(({ port }) => Number(redisCli(port, 'DBSIZE')));
    expect(perNode.filter((count) => count > 0).length).toBe(3);
    for (const key of keys) expect(await cache.load(key)).toMatchObject({ data: { key, n: 2 }, version: 'v2' });
    await cache.close();
  });
});
