import { generateSessionKey, hashKey, SessionConflictError, UpdateError } from '@sessionkit/core/engine';
import { describeWithService } from '@sessionkit/test-services';
import { type CacheEngine, createCacheEngine } from '@sessionkit/cache';
import { uniquePrefix } from './support/names';
import { engineClient, redisEngine } from './support/redis';

const HOUR = 3_600_000;
const later = (ms: number): Date => new Date(Date.now() + ms);

describeWithService('redis', 'cache engine on Redis: commands and stored form', (url) => {
  let engine: CacheEngine;
  beforeEach(() => {
    engine = redisEngine(url, uniquePrefix('unit'));
  });
  afterEach(() => engine.close());

  it('stores under prefix + SHA-256 of the key: exact expiry, version and data, with a PTTL equal to the expiry', async () => {
    const key = generateSessionKey();
    const expiresAt = later(HOUR);
    await engine.create(key, { data: { a: 1 }, expiresAt, version: 'v1' });
    const client = await engineClient(engine);
    expect(engine.storedKey(key)).toBe(`${engine.prefix}${hashKey(key)}`);
    expect((await client.get(engine.storedKey(key)))?.split('\t')[0]).toBe(`${expiresAt.getTime()} v1`);
    expect(await client.exists(`${engine.prefix}${key}`)).toBe(0);
    const ttl = await client.pttl(engine.storedKey(key));
    expect(Math.abs(Date.now() + ttl - expiresAt.getTime())).toBeLessThan(250);
    const loaded = await engine.load(key);
    expect(Math.abs((loaded?.expiresAt.getTime() ?? 0) - expiresAt.getTime())).toBeLessThan(250);
  });

  it('update with the stored version writes; another version is a conflict and keeps the record', async () => {
    const key = generateSessionKey();
    await engine.create(key, { data: { n: 1 }, expiresAt: later(HOUR), version: 'v1' });
    await engine.update(key, { data: { n: 2 }, expiresAt: later(HOUR), version: 'v2' }, { expectedVersion: 'v1' });
    expect(await engine.load(key)).toMatchObject({ data: { n: 2 }, version: 'v2' });
    await expect(
      engine.update(key, { data: { n: 3 }, expiresAt: later(HOUR), version: 'v3' }, { expectedVersion: 'v1' }),
    ).rejects.toBeInstanceOf(SessionConflictError);
    expect(await engine.load(key)).toMatchObject({ data: { n: 2 }, version: 'v2' });
  });

  it('a record stored without a version matches no expected version', async () => {
    const key = generateSessionKey();
    await engine.create(key, { data: { n: 1 }, expiresAt: later(HOUR) });
    const loaded = await engine.load(key);
    expect(loaded?.version).toBeUndefined();
    await expect(
      engine.update(key, { data: { n: 2 }, expiresAt: later(HOUR), version: 'v2' }, { expectedVersion: 'v1' }),
    ).rejects.toBeInstanceOf(SessionConflictError);
  });

  it('an update after an outside DEL is UpdateError, with or without an expected version', async () => {
    const key = generateSessionKey();
    await engine.create(key, { data: { n: 1 }, expiresAt: later(HOUR), version: 'v1' });
    await (await engineClient(engine)).del(engine.storedKey(key));
    await expect(engine.update(key, { data: { n: 2 }, expiresAt: later(HOUR) })).rejects.toBeInstanceOf(UpdateError);
    await expect(
      engine.update(key, { data: { n: 2 }, expiresAt: later(HOUR), version: 'v2' }, { expectedVersion: 'v1' }),
    ).rejects.toBeInstanceOf(UpdateError);
    expect(await (await engineClient(engine)).exists(engine.storedKey(key))).toBe(0);
  });

  it('touch moves the PTTL and keeps data and version; a missing record is UpdateError', async () => {
    const key = generateSessionKey();
    await engine.create(key, { data: { n: 1 }, expiresAt: later(HOUR), version: 'v1' });
    const moved = later(5 * HOUR);
    await engine.touch?.(key, moved);
    const ttl = await (await engineClient(engine)).pttl(engine.storedKey(key));
    expect(Math.abs(Date.now() + ttl - moved.getTime())).toBeLessThan(250);
    expect(await engine.load(key)).toMatchObject({ data: { n: 1 }, version: 'v1', expiresAt: moved });
    await expect(engine.touch?.(generateSessionKey(), moved)).rejects.toBeInstanceOf(UpdateError);
    await engine.touch?.(key, new Date(Date.now() - 1000));
    expect(await engine.load(key)).toBeNull();
  });

  it('update with an expected version and an expiry already past ends the record', async () => {
    const key = generateSessionKey();
    await engine.create(key, { data: { n: 1 }, expiresAt: later(HOUR), version: 'v1' });
    await engine.update(key, { data: { n: 2 }, expiresAt: later(-1000), version: 'v2' }, { expectedVersion: 'v1' });
    expect(await (await engineClient(engine)).exists(engine.storedKey(key))).toBe(0);
  });

  it('never closes a client the app passed in', async () => {
    const own = await engineClient(engine);
    const borrowing = createCacheEngine({ client: own, prefix: engine.prefix, secret: 'x'.repeat(50) });
    const key = generateSessionKey();
    await borrowing.create(key, { data: { a: 1 }, expiresAt: later(HOUR) });
    await borrowing.close();
    expect(await own.ping()).toBe('PONG');
    expect(await engine.load(key)).toBeNull(); // signed with another secret: not ours to decode
    expect(await own.exists(engine.storedKey(key))).toBe(1);
  });
});
