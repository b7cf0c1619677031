import {
  ConfigError,
  EngineUnavailableError,
  generateSessionKey,
  SessionConflictError,
  SessionTooLargeError,
} from '@sessionkit/core/engine';
import { createCacheEngine, guardMemcachedReconnect, sessionMemcachedDefaults } from '@sessionkit/cache';
import { describeWithBinaries } from '@sessionkit/test-services';
import Memcached from 'memcached';
import { memcachedEngine, memcachedServer, rawTextCodec } from './support/memcached';
import { rawGet, rawStat, rawTtl } from './support/memcached-raw';
import { TEST_SECRET, uniquePrefix } from './support/names';

const INSTALL = 'memcached (apt-get install memcached)';
const later = (ms: number): Date => new Date(Date.now() + ms);
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('resolved'),
    (error: unknown) => error,
  );

describeWithBinaries(['memcached'], INSTALL, 'cache engine on Memcached: client namespace and escaping', () => {
  const server = memcachedServer();
  const servers = (): string[] => [`127.0.0.1:${server.current().port}`];

  it('a namespaced memcached client: check-and-set and touch find the item (gets replies by full key)', async () => {
    const client = new Memcached(servers(), { ...sessionMemcachedDefaults(1000, 1024 * 1024), namespace: 'myapp:' });
    guardMemcachedReconnect(client, 1000);
    const engine = createCacheEngine({ client, secret: TEST_SECRET, prefix: uniquePrefix('ns') });
    const key = generateSessionKey();
    await engine.create(key, { data: { a: 1 }, expiresAt: later(60_000), version: 'v1' });
    expect(await rawGet(server.current().port, `myapp:${engine.storedKey(key)}`)).not.toBeNull();
    await engine.update(key, { data: { a: 2 }, expiresAt: later(60_000), version: 'v2' }, { expectedVersion: 'v1' });
    await expect(
      engine.update(key, { data: { a: 3 }, expiresAt: later(60_000), version: 'v3' }, { expectedVersion: 'v1' }),
    ).rejects.toBeInstanceOf(SessionConflictError);
    await engine.touch?.(key, later(120_000));
    expect(await rawTtl(server.current().port, `myapp:${engine.storedKey(key)}`)).toBeGreaterThan(100);
    expect(await engine.load(key)).toMatchObject({ data: { a: 2 }, version: 'v2' });
    await engine.close();
    client.end();
  });

  it('counts a namespace from the connection options in the key length (ConfigError), and uses it', async () => {
    const prefix = `${'p'.repeat(170)}:`; // 171 + 64 hex = 235 bytes: fits on its own
    const base = { secret: TEST_SECRET, prefix };
    const options = (extra: Memcached.options) => ({ ...base, memcached: { servers: servers(), options: extra } });
    expect(() => createCacheEngine(options({ namespace: 'app-namespace-20ch:' }))).toThrow(ConfigError);
    expect(() => createCacheEngine(options({ maxKeySize: 200 }))).toThrow(ConfigError);
    const engine = createCacheEngine(options({ namespace: 'ns:' }));
    const key = generateSessionKey();
    await engine.create(key, { data: { a: 1 }, expiresAt: later(60_000), version: 'v1' });
    await engine.update(key, { data: { a: 2 }, expiresAt: later(60_000), version: 'v2' }, { expectedVersion: 'v1' });
    expect(await rawGet(server.current().port, `ns:${engine.storedKey(key)}`)).not.toBeNull();
    expect(await engine.load(key)).toMatchObject({ data: { a: 2 } });
    await engine.close();
  });

  describe.each(['memcached', 'memjs'] as const)('through %s', (client) => {
    it('a session within maxDataBytes holding many CR/LF: refused before sending where escaping overflows the item', async () => {
      const engine = memcachedEngine(client, servers(), uniquePrefix('crlf'), { codec: rawTextCodec });
      const max = engine.capabilities.maxDataBytes;
      const key = generateSessionKey();
      await engine.create(key, { data: { text: 'old' }, expiresAt: later(60_000) });
      // A few escapes still fit the room the item keeps.
      const few = `${'\n'.repeat(50)}${'x'.repeat(max - 50)}`;
      await engine.update(key, { data: { text: few }, expiresAt: later(60_000) });
      expect((await engine.load(key))?.data.text).toBe(few);
      await engine.update(key, { data: { text: 'old' }, expiresAt: later(60_000) });
      const many = `${'\n'.repeat(1000)}${'x'.repeat(max - 1000)}`;
      const sets = await rawStat(server.current().port, 'cmd_set');
      const update = engine.update(key, { data: { text: many }, expiresAt: later(60_000) });
      if (client === 'memcached') {
        // The client sends 1000 bytes more (a backslash each): over the item, so nothing is sent.
        await expect(update).rejects.toBeInstanceOf(SessionTooLargeError);
        expect(await rawStat(server.current().port, 'cmd_set')).toBe(sets);
        expect((await engine.load(key))?.data.text).toBe('old');
      } else {
        // memjs (binary protocol) sends the bytes as they are.
        await update;
        expect((await engine.load(key))?.data.text).toBe(many);
      }
      await engine.close();
    });
  });
});

// Memcached itself refuses an item over its -I with SERVER_ERROR: a server started with a
// smaller -I than the engine was told (1 MiB) produces one on demand, no fault injected.
describeWithBinaries(['memcached'], INSTALL, 'cache engine on Memcached: a write the server refuses', () => {
  const server = memcachedServer(['-I', '512k']);
  const servers = (): string[] => [`127.0.0.1:${server.current().port}`];

  it.each(['memcached', 'memjs'] as const)(
    'fails that call alone, with EngineUnavailableError; the server stays in service (%s)',
    async (client) => {
      const engine = memcachedEngine(client, servers(), uniquePrefix('refused'), { codec: rawTextCodec });
      const [key, other] = [generateSessionKey(), generateSessionKey()];
      await engine.create(key, { data: { text: 'old' }, expiresAt: later(60_000) });
      await engine.create(other, { data: { text: 'other' }, expiresAt: later(60_000) });
      const big = { data: { text: 'x'.repeat(600_000) }, expiresAt: later(60_000) };
      const [update, ...loads] = await Promise.all([
        failure(engine.update(key, big)),
        ...Array.from({ length: 5 }, () => engine.load(other)),
      ]);
      expect(update).toBeInstanceOf(EngineUnavailableError);
      if (client === 'memcached') {
        expect(String(((update as Error).cause as Error).message)).toMatch(/^SERVER_ERROR object too large/);
      }
      expect(loads.map((record) => record?.data.text)).toEqual(Array(5).fill('other'));
      // Not a CreateError: the key is free, the server refused the item.
      expect(await failure(engine.create(generateSessionKey(), big))).toBeInstanceOf(EngineUnavailableError);
      // Other sessions are served at once (the server was not marked failed), the old value kept.
      expect((await engine.load(other))?.data.text).toBe('other');
      await engine.create(generateSessionKey(), { data: { text: 'fresh' }, expiresAt: later(60_000) });
      expect((await engine.load(key))?.data.text).toBe('old');
      await engine.close();
    },
  );
});
