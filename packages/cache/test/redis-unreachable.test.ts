import { createCacheEngine, type CacheEngine } from '@sessionkit/cache';
import { EngineUnavailableError } from '@sessionkit/core';
import { generateSessionKey } from '@sessionkit/core/engine';
import {
  describeWithBinaries,
  freePort,
  redisServerSpec,
  type SpawnedServer,
  startServer,
} from '@sessionkit/test-services';
import type { Redis } from 'ioredis';
import type { RedisStore } from '../src/redis/store';
import { TEST_SECRET, uniquePrefix } from './support/names';

/** The default deadline: without the refusal, each call waited for reconnects, up to ~4 s. */
const DEADLINE_MS = 5000;

const engineOn = (port: number): CacheEngine =>
  createCacheEngine({
    redis: `redis://127.0.0.1:${port}`,
    prefix: uniquePrefix('unreachable'),
    secret: TEST_SECRET,
    operationTimeoutMs: DEADLINE_MS,
    warnOnEviction: false,
  });

/**
 * Resolves once the engine's own client has failed `attempts` attempts to connect. After five
 * the back-off between attempts is 1.6 s: a call queued for the next attempt would wait that long.
 */
async function failedToConnect(engine: CacheEngine, attempts: number): Promise<void> {
  const client = ((await engine.store()) as RedisStore).client as Redis;
  await new Promise<void>((resolve) => {
    let failed = 0;
    const counted = (): void => {
      failed += 1;
      if (failed < attempts) return;
      client.off('error', counted);
      resolve();
    };
    client.on('error', counted);
  });
  // Past the moment ioredis flushes what it queued for that attempt: a call made now would wait
  // for the next attempt, 1.6 s away.
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** How long a call took to fail, and with what. */
async function timedFailure(call: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ms: performance.now() - started, error };
}

/** Polls with a harmless call until the engine answers; fails after `ms`. */
async function servedWithin(engine: CacheEngine, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (
    !(await engine.exists(generateSessionKey()).then(
      () => true,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) throw new Error(`the engine did not serve again within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('cache engine on Redis: a server that refuses connections', () => {
  it('fails every call at once with EngineUnavailableError naming the refusal, not after the deadline', async () => {
    const engine = engineOn(await freePort());
    try {
      await failedToConnect(engine, 5);
      const key = generateSessionKey();
      const record = { data: { n: 1 }, expiresAt: new Date(Date.now() + 60_000) };
      const calls: Record<string, () => Promise<unknown>> = {
        load: () => engine.load(key),
        create: () => engine.create(generateSessionKey(), record),
        update: () => engine.update(key, record),
        delete: () => engine.delete(key),
        exists: () => engine.exists(key),
      };
      for (const [name, call] of Object.entries(calls)) {
        const { ms, error } = await timedFailure(call);
        expect([name, error]).toEqual([name, expect.any(EngineUnavailableError)]);
        expect((error as Error).message).toContain('RedisUnreachableError ECONNREFUSED');
        expect([name, ms < 200]).toEqual([name, true]);
      }
    } finally {
      await engine.close();
    }
  });
});

describeWithBinaries(
  ['redis-server'],
  'redis-server (apt-get install redis-server)',
  'cache engine on Redis: refused while down, served once back',
  () => {
    let server: SpawnedServer | undefined;
    afterAll(async () => {
      await server?.kill();
    });

    it('a killed server: calls fail at once while reconnects fail; the same engine serves once it restarts', async () => {
      server = await startServer(redisServerSpec());
      const engine = engineOn(server.port);
      try {
        const key = await engine.create(generateSessionKey(), {
          data: { n: 1 },
          expiresAt: new Date(Date.now() + 60_000),
        });
        const refused = failedToConnect(engine, 5);
        await server.kill();
        await refused;
        const { ms, error } = await timedFailure(() => engine.load(key));
        expect(error).toBeInstanceOf(EngineUnavailableError);
        expect(ms).toBeLessThan(200);

        await server.start();
        // The client reconnects by itself (back-off up to 2 s); the refusal lifts when it is ready.
        await servedWithin(engine, 10_000);
        // A fresh server: the session is gone, but the engine answers.
        expect(await engine.load(key)).toBeNull();
      } finally {
        await engine.close();
      }
    }, 30_000);
  },
);
