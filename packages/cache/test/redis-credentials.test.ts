import { EngineMisconfiguredError, EngineUnavailableError, generateSessionKey } from '@sessionkit/core/engine';
import { type CacheEngine, createCacheEngine } from '@sessionkit/cache';
import { Redis } from 'ioredis';
import { describeWithBinaries, redisServerSpec, type SpawnedServer, startServer } from '@sessionkit/test-services';
import { TEST_SECRET } from './support/names';

const INSTALL = 'redis-server (apt-get install redis-server)';
const PASSWORD = 'sessionkit-test-password';

// A server of this file's own: a password and ACL users cannot be set on the shared Redis.
describeWithBinaries(['redis-server'], INSTALL, 'cache engine on Redis: refused credentials and permissions', () => {
  let server: SpawnedServer;
  const engines: CacheEngine[] = [];
  beforeAll(async () => {
    server = await startServer(redisServerSpec(() => ['--requirepass', PASSWORD]));
    const admin = new Redis({ host: server.host, port: server.port, password: PASSWORD });
    // May use only keys under "other:" (and nothing but GET, SET and INFO, ioredis's ready check).
    await admin.call('ACL', 'SETUSER', 'fenced', 'on', '>fenced-password', '~other:*', '+get', '+set', '+info');
    await admin.quit();
  });
  afterAll(async () => {
    for (const engine of engines) await engine.close().catch(() => undefined);
    await server?.kill();
  });

  function engineAt(url: string): CacheEngine {
    const engine = createCacheEngine({
      redis: url,
      secret: TEST_SECRET,
      warnOnEviction: false,
      operationTimeoutMs: 2000,
    });
    engines.push(engine);
    return engine;
  }
  const url = (auth: string) => `redis://${auth}@${server.host}:${server.port}`;

  /** The error a load and a save reject with, and how long each took. */
  async function failures(engine: CacheEngine): Promise<{ error: unknown; ms: number }[]> {
    const out: { error: unknown; ms: number }[] = [];
    const calls = [
      () => engine.load(generateSessionKey()),
      () => engine.create(generateSessionKey(), { data: { n: 1 }, expiresAt: new Date(Date.now() + 60_000) }),
    ];
    for (const call of calls) {
      const started = Date.now();
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      out.push({ error, ms: Date.now() - started });
    }
    return out;
  }

  it('a wrong password is EngineMisconfiguredError naming the fix, at once, not an outage', async () => {
    for (const { error, ms } of await failures(engineAt(url(`:wrong-${PASSWORD}`)))) {
      expect(error).toBeInstanceOf(EngineMisconfiguredError);
      expect(error).not.toBeInstanceOf(EngineUnavailableError);
      expect((error as Error).message).toContain('Redis refused the credentials');
      // The password is never quoted.
      expect((error as Error).message).not.toContain(PASSWORD);
      expect(ms).toBeLessThan(1000);
    }
  });

  it('no password where the server requires one is EngineMisconfiguredError', async () => {
    for (const { error } of await failures(engineAt(`redis://${server.host}:${server.port}`))) {
      expect(error).toBeInstanceOf(EngineMisconfiguredError);
      expect((error as Error).message).toContain('Redis refused the credentials');
    }
  });

  it("an ACL user denied the engine's keys is EngineMisconfiguredError naming the permissions", async () => {
    for (const { error } of await failures(engineAt(url('fenced:fenced-password')))) {
      expect(error).toBeInstanceOf(EngineMisconfiguredError);
      expect((error as Error).message).toContain('the Redis user lacks a permission');
      expect((error as Error).message).not.toContain('fenced-password');
    }
  });

  it('the right password works (the failures above are the credentials, not the server)', async () => {
    const engine = engineAt(url(`:${PASSWORD}`));
    const key = generateSessionKey();
    await engine.create(key, { data: { n: 1 }, expiresAt: new Date(Date.now() + 60_000) });
    expect((await engine.load(key))?.data).toEqual({ n: 1 });
  });
});
