import { EngineUnavailableError, generateSessionKey } from '@sessionkit/core/engine';
import { createCacheEngine } from '@sessionkit/cache';
import { describeWithBinaries, redisServerSpec, type SpawnedServer, startServer } from '@sessionkit/test-services';
import { Redis } from 'ioredis';
import { TEST_SECRET } from './support/names';

const DEADLINE_MS = 300;
const PAUSE_MS = 2000;

// ioredis resends the commands a dropped connection left unanswered once it reconnects, and
// sends its offline queue, whether or not they were already failed by their deadline. An update
// the caller was told had failed must not be written afterwards, over whatever came since.
// `CLIENT PAUSE … WRITE` holds the engine's SET unanswered on the server; `CLIENT KILL` then
// drops that connection (the paused SET is discarded unrun) while writes are still paused, so
// a resend waits for the pause to end and would then run.
describeWithBinaries(
  ['redis-server'],
  'redis-server (apt-get install redis-server)',
  'cache engine: a call failed by its deadline is not sent again',
  () => {
    let server: SpawnedServer | undefined;
    let admin: Redis | undefined;
    afterAll(async () => {
      admin?.disconnect();
      await server?.kill();
    });

    beforeAll(async () => {
      server = await startServer(redisServerSpec());
      admin = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
      await admin.connect();
    });

    // The engine's own client sweeps the deadline itself; given `commandTimeout`, ioredis times
    // each command. Neither resends a command whose deadline failed it.
    it.each([
      ['the engine sweeps the deadline', (port: number) => `redis://127.0.0.1:${port}`],
      ["ioredis's own commandTimeout", (port: number) => ({ host: '127.0.0.1', port, commandTimeout: DEADLINE_MS })],
    ])(
      'drops a timed-out update that ioredis would resend after a reconnect (%s)',
      async (_, connection) => {
        if (server === undefined || admin === undefined) throw new Error('no server');
        const engine = createCacheEngine({
          redis: connection(server.port),
          secret: TEST_SECRET,
          warnOnEviction: false,
          operationTimeoutMs: DEADLINE_MS,
        });
        try {
          const key = generateSessionKey();
          const expiresAt = new Date(Date.now() + 60_000);
          await engine.create(key, { data: { n: 1 }, expiresAt });

          await admin.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'WRITE');
          const pausedUntil = Date.now() + PAUSE_MS;
          const failed = await engine.update(key, { data: { n: 2 }, expiresAt }).catch((error: unknown) => error);
          expect(failed).toBeInstanceOf(EngineUnavailableError);
          // Every other normal client: the engine's one connection.
          expect(await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes')).toBe(1);

          // Reads are not paused: once reconnected, the engine serves them while writes still wait
          // (a resent SET would hold up every later command on its connection until the pause ends).
          let reloaded = await engine.load(key).catch(() => null);
          while (reloaded === null && Date.now() < pausedUntil - DEADLINE_MS) {
            await new Promise((resolve) => setTimeout(resolve, 50));
            reloaded = await engine.load(key).catch(() => null);
          }
          expect(reloaded?.data).toEqual({ n: 1 });
          expect(Date.now()).toBeLessThan(pausedUntil);

          // After the pause, a resent SET would have run by now.
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, pausedUntil - Date.now()) + 300));
          expect((await engine.load(key))?.data).toEqual({ n: 1 });
          // Writes go through again.
          await engine.update(key, { data: { n: 3 }, expiresAt });
          expect((await engine.load(key))?.data).toEqual({ n: 3 });
        } finally {
          await admin.call('CLIENT', 'UNPAUSE');
          await engine.close();
        }
      },
      15_000,
    );
  },
);
