import { EngineUnavailableError, generateSessionKey } from '@sessionkit/core/engine';
import { createCacheEngine } from '@sessionkit/cache';
import { describeWithBinaries, redisServerSpec, type SpawnedServer, startServer } from '@sessionkit/test-services';
import { withLoopLag } from './support/loop-lag';
import { TEST_SECRET } from './support/names';

const DEADLINE_MS = 300;
/** How often one timer sweeps the calls under way for this deadline (a tenth of it, at most 25 ms). */
const SWEEP_MS = 25;

// A frozen server (SIGSTOP) keeps the connection open and never answers: only the deadline on
// each command, swept by one timer on the client the engine creates, ends the calls.
describeWithBinaries(
  ['redis-server'],
  'redis-server (apt-get install redis-server)',
  'cache engine on a frozen Redis',
  () => {
    let server: SpawnedServer | undefined;
    afterAll(async () => {
      if (server?.pid !== undefined) process.kill(server.pid, 'SIGCONT');
      await server?.kill();
    });

    it('fails every call within the deadline, then serves again once the server resumes', async () => {
      server = await startServer(redisServerSpec());
      const pid = server.pid as number;
      const engine = createCacheEngine({
        redis: `redis://127.0.0.1:${server.port}`,
        secret: TEST_SECRET,
        warnOnEviction: false,
        operationTimeoutMs: DEADLINE_MS,
      });
      const key = generateSessionKey();
      const record = { data: { n: 1 }, expiresAt: new Date(Date.now() + 60_000) };
      await engine.create(key, record);
      process.kill(pid, 'SIGSTOP');
      try {
        const started = Date.now();
        const { result: outcomes, maxLagMs } = await withLoopLag(() =>
          Promise.all([
            engine.load(key).catch((error: unknown) => error),
            engine.update(key, record).catch((error: unknown) => error),
            engine.exists(key).catch((error: unknown) => error),
          ]),
        );
        const waited = Date.now() - started;
        for (const outcome of outcomes) expect(outcome).toBeInstanceOf(EngineUnavailableError);
        expect(waited).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
        // The sweep's period, plus however late this process ran its timers meanwhile.
        expect(waited).toBeLessThan(DEADLINE_MS + SWEEP_MS + 50 + maxLagMs);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      expect((await engine.load(key))?.data).toEqual({ n: 1 });
      await engine.close();
    }, 15_000);
  },
);
