import { randomBytes } from 'node:crypto';
import {
  ConfigError,
  createSessionCodec,
  generateSessionKey,
  SessionConflictError,
  type SessionCodec,
  SessionTooLargeError,
} from '@sessionkit/core/engine';
import { createCacheEngine, MAX_RELATIVE_TTL_SECONDS } from '@sessionkit/cache';
import { describeWithBinaries } from '@sessionkit/test-services';
import Memcached from 'memcached';
import { memcachedEngine, memcachedServer } from './support/memcached';
import { cachedumpKeys, metadump, rawGet, rawTtl } from './support/memcached-raw';
import { TEST_SECRET, uniquePrefix } from './support/names';

const INSTALL = 'memcached (apt-get install memcached)';
const DAY = 86_400_000;
const later = (ms: number): Date => new Date(Date.now() + ms);

/** Keeps raw text as it is (CR and LF included), to see the client's escaping round-trip. */
const rawTextCodec: SessionCodec = {
  name: 'raw-text',
  encode: (data) => String(data.text),
  decode: (text) => ({ text }),
};

describeWithBinaries(['memcached'], INSTALL, 'cache engine on Memcached: expiry, limits, keys', () => {
  const server = memcachedServer();
  const servers = (): string[] => [`127.0.0.1:${server.current().port}`];

  describe.each(['memcached', 'memjs'] as const)('through %s', (client) => {
    it('sends a TTL over 30 days as an absolute Unix time, and the item lives that long', async () => {
      const engine = memcachedEngine(client, servers(), uniquePrefix(client));
      const key = generateSessionKey();
      const expiresAt = later(60 * DAY);
      await engine.create(key, { data: { a: 1 }, expiresAt });
      const ttl = await rawTtl(server.current().port, engine.storedKey(key));
      expect(ttl).toBeGreaterThan(MAX_RELATIVE_TTL_SECONDS);
      expect(Math.abs((ttl ?? 0) * 1000 - 60 * DAY)).toBeLessThan(3000);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await engine.load(key)).toMatchObject({ data: { a: 1 } });
      const exp = (await metadump(server.current().port)).get(engine.storedKey(key));
      if (exp !== undefined) expect(Math.abs(exp * 1000 - expiresAt.getTime())).toBeLessThan(3000);
      await engine.close();
    });

    it('rounds a short TTL up to whole seconds and reads the exact expiry back', async () => {
      const engine = memcachedEngine(client, servers(), uniquePrefix(client));
      const key = generateSessionKey();
      const expiresAt = later(90_500);
      await engine.create(key, { data: { a: 1 }, expiresAt });
      expect(await rawTtl(server.current().port, engine.storedKey(key))).toBe(91);
      expect((await engine.load(key))?.expiresAt.getTime()).toBe(expiresAt.getTime());
      await engine.close();
    });

    it('round-trips values holding CR LF (the memcached client escapes them)', async () => {
      const engine = createCacheEngine({
        ...(client === 'memcached' ? { memcached: { servers: servers() } } : { memjs: { servers: servers() } }),
        prefix: uniquePrefix(client),
        codec: rawTextCodec,
      });
      const key = generateSessionKey();
      const text = 'line one\r\nEND\r\n\\\r\n\n\r tail\\';
      await engine.create(key, { data: { text }, expiresAt: later(60_000) });
      expect((await engine.load(key))?.data.text).toBe(text);
      const stored = await rawGet(server.current().port, engine.storedKey(key));
      expect(stored?.endsWith(text) || stored?.endsWith(text.replace(/(\r|\n)/g, '\\$1'))).toBe(true);
      await engine.close();
    });

    it('refuses a value over the item size before sending it, and keeps the old one', async () => {
      const engine = memcachedEngine(client, servers(), uniquePrefix(client));
      const key = generateSessionKey();
      await engine.create(key, { data: { a: 'old' }, expiresAt: later(60_000) });
      // Random text: it stays over the limit after the codec's compression.
      const big = { a: randomBytes(2 * engine.capabilities.maxDataBytes).toString('base64') };
      await expect(engine.update(key, { data: big, expiresAt: later(60_000) })).rejects.toBeInstanceOf(
        SessionTooLargeError,
      );
      expect(await engine.load(key)).toMatchObject({ data: { a: 'old' } });
      await engine.close();
    });
  });

  it('stores a record of exactly maxDataBytes in one default-sized item', async () => {
    const codec = createSessionCodec({ secret: TEST_SECRET, compress: false });
    const engine = createCacheEngine({ memcached: { servers: servers() }, prefix: uniquePrefix('max'), codec });
    const key = generateSessionKey();
    // The longest string whose signed (base64) encoding fits the limit, by bisection.
    const fits = (n: number): boolean =>
      Buffer.byteLength(codec.encode({ a: 'y'.repeat(n) })) <= engine.capabilities.maxDataBytes;
    let [size, over] = [0, engine.capabilities.maxDataBytes];
    while (over - size > 1) {
      const middle = Math.floor((size + over) / 2);
      if (fits(middle)) size = middle;
      else over = middle;
    }
    expect(Buffer.byteLength(codec.encode({ a: 'y'.repeat(size) }))).toBeGreaterThan(
      engine.capabilities.maxDataBytes - 4,
    );
    await engine.create(key, { data: { a: 'y'.repeat(size) }, expiresAt: later(60_000) });
    expect((await engine.load(key))?.data.a).toHaveLength(size);
    await engine.close();
  });

  it('gets + cas: a stale expected version is a conflict; memjs offers neither CAS nor touch', async () => {
    const engine = memcachedEngine('memcached', servers(), uniquePrefix('cas'));
    const key = generateSessionKey();
    await engine.create(key, { data: { n: 1 }, expiresAt: later(60_000), version: 'v1' });
    await engine.update(key, { data: { n: 2 }, expiresAt: later(60_000), version: 'v2' }, { expectedVersion: 'v1' });
    await expect(
      engine.update(key, { data: { n: 3 }, expiresAt: later(60_000), version: 'v3' }, { expectedVersion: 'v1' }),
    ).rejects.toBeInstanceOf(SessionConflictError);
    await engine.touch?.(key, later(120_000));
    expect(await engine.load(key)).toMatchObject({ data: { n: 2 }, version: 'v2' });
    expect(await rawTtl(server.current().port, engine.storedKey(key))).toBeGreaterThan(100);
    await engine.close();
    const memjs = memcachedEngine('memjs', servers(), uniquePrefix('cas'));
    expect(memjs.capabilities.optimisticConcurrency).toBe(false);
    expect(memjs.touch).toBeUndefined();
    await memjs.close();
  });

  it('stores the same bytes through either client, so each reads what the other wrote', async () => {
    const prefix = uniquePrefix('both');
    const viaMemcached = memcachedEngine('memcached', servers(), prefix);
    const viaMemjs = memcachedEngine('memjs', servers(), prefix);
    const key = generateSessionKey();
    const expiresAt = later(60_000);
    await viaMemcached.create(key, { data: { a: 1 }, expiresAt, version: 'v1' });
    // Exactly as encoded: no backslash before an escaped line break in the header.
    const stored = await rawGet(server.current().port, viaMemcached.storedKey(key));
    expect(stored?.startsWith(`${expiresAt.getTime()} v1\t`)).toBe(true);
    expect(await viaMemjs.load(key)).toMatchObject({ data: { a: 1 }, expiresAt, version: 'v1' });
    await viaMemjs.update(key, { data: { a: 2 }, expiresAt });
    expect(await viaMemcached.load(key)).toMatchObject({ data: { a: 2 }, expiresAt });
    await viaMemcached.close();
    await viaMemjs.close();
  });

  it('refuses, at construction, keys memcached would reject or the client would MD5', () => {
    const base = { memcached: { servers: servers() }, secret: TEST_SECRET };
    expect(() => createCacheEngine({ ...base, prefix: 'p'.repeat(200) })).toThrow(ConfigError);
    expect(() => createCacheEngine({ ...base, prefix: 'has space:' })).toThrow(ConfigError);
    expect(() => createCacheEngine({ ...base, prefix: 'tab\t' })).toThrow(ConfigError);
    expect(() => createCacheEngine({ ...base, maxDataBytes: 2 * 1024 * 1024 })).toThrow(ConfigError);
    const client = new Memcached(servers(), { maxKeySize: 60 });
    expect(() => createCacheEngine({ client, secret: TEST_SECRET })).toThrow(ConfigError);
    const namespaced = new Memcached(servers(), { namespace: 'n'.repeat(180) });
    expect(() => createCacheEngine({ client: namespaced, secret: TEST_SECRET })).toThrow(ConfigError);
    client.end();
    namespaced.end();
    expect(createCacheEngine({ ...base, prefix: 'p'.repeat(186) }).prefix).toHaveLength(186);
  });
});

describeWithBinaries(['memcached'], INSTALL, 'cache engine on two Memcached servers', () => {
  const first = memcachedServer();
  const second = memcachedServer();

  it.each(['memcached', 'memjs'] as const)(
    'spreads sessions over both servers, each on exactly one (%s)',
    async (client) => {
      const ports = [first.current().port, second.current().port];
      const engine = memcachedEngine(
        client,
        ports.map((port) => `127.0.0.1:${port}`),
        uniquePrefix(client),
      );
      const keys = Array.from({ length: 40 }, () => generateSessionKey());
      for (const key of keys) await engine.create(key, { data: { key }, expiresAt: later(60_000) });
      const holders = await Promise.all(
        keys.map(async (key) => {
          const found = await Promise.all(ports.map((port) => rawGet(port, engine.storedKey(key))));
          return found.filter((value) => value !== null).length;
        }),
      );
      expect(holders.every((count) => count === 1)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // cachedump skips the current second
      const perServer = await Promise.all(
        ports.map(async (port) => (await cachedumpKeys(port)).filter((k) => k.startsWith(engine.prefix)).length),
      );
      expect(perServer[0]).toBeGreaterThan(0);
      expect(perServer[1]).toBeGreaterThan(0);
      expect((perServer[0] ?? 0) + (perServer[1] ?? 0)).toBe(keys.length);
      for (const key of keys) expect((await engine.load(key))?.data.key).toBe(key);
      await engine.close();
    },
  );
});
