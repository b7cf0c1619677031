import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCacheEngine, type CacheEngine } from '@sessionkit/cache';
import { generateSessionKey } from '@sessionkit/core/engine';
import { withSession } from '@sessionkit/core/express';
import {
  describeWithBinaries,
  memcachedSpec,
  redisServerSpec,
  type ServerSpec,
  type SpawnedServer,
  startServer,
} from '@sessionkit/test-services';
import { TEST_SECRET, uniquePrefix } from './support/names';

const DEADLINE_MS = 500;
const CLIENTS = 4;

interface Outcome {
  status: number;
  ms: number;
  at: number;
}

/** A real node:http server: every request reads the session and writes a counter into it. */
async function listen(engine: CacheEngine): Promise<{ server: Server; url: string }> {
  const server = createServer(
    withSession({ engine }, async (req, res) => {
      const seen = Number((await req.session.get('n')) ?? 0);
      await req.session.set('n', seen + 1);
      res.end(String(seen + 1));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** One client: requests in a loop with its cookie, until `stop()` says so. */
async function client(url: string, stop: () => boolean, outcomes: Outcome[]): Promise<void> {
  let cookie = '';
  while (!stop()) {
    const started = Date.now();
    const response = await fetch(url, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(10_000) });
    await response.text();
    outcomes.push({ status: response.status, ms: Date.now() - started, at: started });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const STORES: { name: string; binaries: string[]; spec: ServerSpec; engine(port: number): CacheEngine }[] = [
  {
    name: 'Redis (ioredis)',
    binaries: ['redis-server'],
    spec: redisServerSpec(),
    engine: (port) =>
      createCacheEngine({
        redis: `redis://127.0.0.1:${port}`,
        prefix: uniquePrefix('fault'),
        secret: TEST_SECRET,
        operationTimeoutMs: DEADLINE_MS,
      }),
  },
  ...(['memcached', 'memjs'] as const).map((driver) => ({
    name: `Memcached (${driver})`,
    binaries: ['memcached'],
    spec: memcachedSpec(),
    engine: (port: number) =>
      createCacheEngine({
        ...(driver === 'memcached'
          ? { memcached: { servers: [`127.0.0.1:${port}`] } }
          : { memjs: { servers: `127.0.0.1:${port}` } }),
        prefix: uniquePrefix('fault'),
        secret: TEST_SECRET,
        operationTimeoutMs: DEADLINE_MS,
      }),
  })),
];

// LF-4 / LF-8: the server is SIGKILLed under load and restarted on the same port.
for (const store of STORES) {
  describeWithBinaries(
    store.binaries,
    `${store.binaries.join(', ')} (apt-get install ${store.binaries.join(' ')})`,
    `cache engine fault: ${store.name} killed under load`,
    () => {
      let server: SpawnedServer | undefined;
      afterAll(async () => {
        await server?.kill();
      });

      it('fails fast with 503 while the server is down, never hangs, and serves again after the restart', async () => {
        server = await startServer(store.spec);
        const engine = store.engine(server.port);
        // Opened before the load starts: the first call also imports the driver and connects,
        // which on a loaded machine alone can outlast the 500 ms deadline (then the first
        // request was a 503 before any fault). The fault, not the cold start, is tested here.
        await engine.store();
        await engine.exists(generateSessionKey());
        const { server: http, url } = await listen(engine);
        const outcomes: Outcome[] = [];
        let stopping = false;
        const clients = Array.from({ length: CLIENTS }, () => client(url, () => stopping, outcomes));
        try {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          const killedAt = Date.now();
          await server.kill();
          await new Promise((resolve) => setTimeout(resolve, 1500));
          await server.start();
          const restartedAt = Date.now();
          // After the restart: wait for a clean stretch of successes (bounded).
          const recoveryDeadline = restartedAt + 6000;
          let recoveredAt = 0;
          while (Date.now() < recoveryDeadline && recoveredAt === 0) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            const recent = outcomes.filter((o) => o.at > Date.now() - 400);
            if (recent.length > 3 && recent.every((o) => o.status === 200)) recoveredAt = Date.now();
          }
          stopping = true;
          await Promise.all(clients);

          const before = outcomes.filter((o) => o.at + o.ms < killedAt);
          const window = outcomes.filter((o) => o.at >= killedAt && o.at + o.ms < restartedAt);
          expect(before.length).toBeGreaterThanOrEqual(CLIENTS);
          expect(before.filter((o) => o.status !== 200)).toEqual([]);
          expect(window.length).toBeGreaterThan(0);
          // Only 200 or 503, ever; every failure within the deadline (+100 ms).
          expect(outcomes.filter((o) => o.status !== 200 && o.status !== 503)).toEqual([]);
          const slowFailures = outcomes.filter((o) => o.status === 503 && o.ms > DEADLINE_MS + 100);
          expect(slowFailures).toEqual([]);
          expect(window.filter((o) => o.status === 503).length).toBeGreaterThan(0);
          expect(recoveredAt).toBeGreaterThan(0);
        } finally {
          stopping = true;
          await Promise.allSettled(clients);
          await new Promise<void>((resolve) => http.close(() => resolve()));
          await engine.close();
        }
      }, 30_000);
    },
  );
}
