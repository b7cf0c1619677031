import { generateSessionKey } from '@sessionkit/core/engine';
import { createCacheEngine } from '@sessionkit/cache';
import { describeWithBinaries, redisServerSpec, type SpawnedServer, startServer } from '@sessionkit/test-services';
import { TEST_SECRET } from './support/names';
import { engineClient } from './support/redis';

const INSTALL = 'redis-server (apt-get install redis-server)';

/** Waits until `check` holds or ~2 s pass (the eviction check runs in the background). */
async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 40 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

// Servers of this file's own: eviction policies and CONFIG/SCRIPT state cannot be changed on a shared Redis.
describeWithBinaries(['redis-server'], INSTALL, 'cache engine on Redis: eviction warning, script cache', () => {
  const servers: SpawnedServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.kill();
  });
  async function engineOn(args: string[], options: { warnOnEviction?: boolean } = {}) {
    const server = await startServer(redisServerSpec(() => args));
    servers.push(server);
    const warnings: string[] = [];
    const engine = createCacheEngine({
      redis: `redis://127.0.0.1:${server.port}`,
      secret: TEST_SECRET,
      logger: { warn: (message: string) => warnings.push(message) },
      ...options,
    });
    // The first call opens the client and starts the check.
    await engine.exists(generateSessionKey());
    return { engine, warnings };
  }

  it('warns once at start when maxmemory-policy is allkeys-lru', async () => {
    const { engine, warnings } = await engineOn(['--maxmemory-policy', 'allkeys-lru']);
    expect(await eventually(() => warnings.length > 0)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('allkeys-lru');
    await engine.close();
  });

  it.each(['volatile-lru', 'volatile-ttl'])('warns under %s too: every session key has a TTL', async (policy) => {
    const { engine, warnings } = await engineOn(['--maxmemory-policy', policy]);
    expect(await eventually(() => warnings.length > 0)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(policy);
    await engine.close();
  });

  it('says nothing under noeviction, or when told not to', async () => {
    const runs = [
      await engineOn(['--maxmemory-policy', 'noeviction']),
      await engineOn(['--maxmemory-policy', 'volatile-lru'], { warnOnEviction: false }),
      await engineOn(['--maxmemory-policy', 'allkeys-lru'], { warnOnEviction: false }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const { engine, warnings } of runs) {
      expect(warnings).toEqual([]);
      await engine.close();
    }
  });

  it('tolerates CONFIG being disabled (renamed away, as on managed Redis)', async () => {
    const { engine, warnings } = await engineOn([
      '--maxmemory-policy',
      'allkeys-lru',
      '--rename-command',
      'CONFIG',
      '',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(warnings).toEqual([]);
    const key = generateSessionKey();
    await engine.create(key, { data: { a: 1 }, expiresAt: new Date(Date.now() + 60_000) });
    expect(await engine.load(key)).toMatchObject({ data: { a: 1 } });
    await engine.close();
  });

  it('falls back to EVAL when the server lost its script cache (NOSCRIPT)', async () => {
    const { engine } = await engineOn([]);
    const key = generateSessionKey();
    await engine.create(key, { data: { a: 1 }, expiresAt: new Date(Date.now() + 60_000), version: 'v1' });
    const client = await engineClient(engine);
    await client.script('FLUSH');
    expect(await engine.load(key)).toMatchObject({ data: { a: 1 }, version: 'v1' });
    await client.script('FLUSH');
    await engine.update(
      key,
      { data: { a: 2 }, expiresAt: new Date(Date.now() + 60_000), version: 'v2' },
      { expectedVersion: 'v1' },
    );
    expect(await engine.load(key)).toMatchObject({ data: { a: 2 }, version: 'v2' });
    await engine.close();
  });
});
