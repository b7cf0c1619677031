import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { createCacheEngine } from '@sessionkit/cache';
import { generateSessionKey } from '@sessionkit/core/engine';
import { describeWithBinaries, type RedisSentinelSetup, redisCli, startRedisSentinel } from '@sessionkit/test-services';
import { TEST_SECRET, uniquePrefix } from './support/names';
import { redisInspector } from './support/redis';

const INSTALL = 'redis-server, redis-cli and redis-sentinel (apt-get install redis-server redis-sentinel)';
const later = (ms: number): Date => new Date(Date.now() + ms);

// One master, one replica, one sentinel of this file's own; the last test forces a failover.
describeWithBinaries(
  ['redis-server', 'redis-cli', 'redis-sentinel'],
  INSTALL,
  'cache engine through Redis Sentinel',
  () => {
    let setup: RedisSentinelSetup | undefined;
    beforeAll(async () => {
      setup = await startRedisSentinel();
    }, 60_000);
    afterAll(async () => {
      await setup?.stop();
    });
    const engine = (prefix = uniquePrefix('sentinel')) =>
      createCacheEngine({
        redis: { sentinels: [{ host: '127.0.0.1', port: setup?.sentinelPort ?? 0 }], name: setup?.name ?? '' },
        prefix,
        secret: TEST_SECRET,
        warnOnEviction: false,
        operationTimeoutMs: 2000,
      });

    runEngineConformance('cache engine, Redis Sentinel', () => engine(), {
      harness: jestHarness(),
      capabilities: { clearExpired: 'unnecessary', usesInjectedClock: false, optimisticConcurrency: true },
      inspect: redisInspector(),
    });

    it('after a forced failover, sessions written before are read and writes resume, same engine', async () => {
      const cache = engine();
      const before = Array.from({ length: 20 }, () => generateSessionKey());
      for (const key of before) await cache.create(key, { data: { key }, expiresAt: later(60_000), version: 'v1' });
      const oldMaster = setup?.masterPort() ?? 0;
      // Replication is asynchronous: make sure the replica has every write before promoting it.
      expect(Number(redisCli(oldMaster, 'WAIT', '1', '5000'))).toBe(1);
      await setup?.failover();
      expect(setup?.masterPort()).not.toBe(oldMaster);

      // Writes resume on the new master within a few seconds (READONLY → reconnect → sentinel).
      const deadline = Date.now() + 15_000;
      const fresh = generateSessionKey();
      for (;;) {
        try {
          await cache.create(fresh, { data: { after: true }, expiresAt: later(60_000) });
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      for (const key of before) expect(await cache.load(key)).toMatchObject({ data: { key }, version: 'v1' });
      const [first = ''] = before;
      await cache.update(first, { data: { n: 2 }, expiresAt: later(60_000), version: 'v2' }, { expectedVersion: 'v1' });
      expect(await cache.load(first)).toMatchObject({ data: { n: 2 }, version: 'v2' });
      expect(await cache.load(fresh)).toMatchObject({ data: { after: true } });
      await cache.close();
    }, 60_000);
  },
);
