import { CreateError, generateSessionKey, SessionConflictError, UpdateError } from '@sessionkit/core/engine';
import type { CacheEngine } from '@sessionkit/cache';
import { describeWithBinaries } from '@sessionkit/test-services';
import Memcached from 'memcached';
import { CallDeadlines } from '../src/deadlines';
import type { CasItem } from '../src/memcached/driver';
import { MemcachedClientDriver } from '../src/memcached/memcached-driver';
import { MemcachedStore } from '../src/memcached/store';
import { encodeStoredValue } from '../src/value';
import { memcachedEngine, memcachedServer } from './support/memcached';
import { rawGet } from './support/memcached-raw';
import { uniquePrefix } from './support/names';

const INSTALL = 'memcached (apt-get install memcached)';
const later = (ms: number): Date => new Date(Date.now() + ms);

/**
 * The real driver, with one hook: another writer's command runs between a `gets` and what
 * follows it. The race the check-and-set must survive, which a real server cannot be made to
 * produce on demand.
 */
class InterleavingDriver extends MemcachedClientDriver {
  meanwhile: (() => Promise<unknown>) | undefined;

  override async gets(key: string): Promise<CasItem | null> {
    const item = await super.gets(key);
    const write = this.meanwhile;
    this.meanwhile = undefined;
    await write?.();
    return item;
  }
}

// "An expiry at or before now deletes the session." Memcached's exptime is whole seconds, and
// the engine once wrote such a record with a 1 s exptime: a late update then found the item,
// replaced it, and the ended session was live again (Redis answers UpdateError).
describeWithBinaries(['memcached'], INSTALL, 'cache engine on Memcached: an expiry at or before now', () => {
  const server = memcachedServer();
  const servers = (): string[] => [`127.0.0.1:${server.current().port}`];
  /** Whether memcached holds any item under the key, even one whose stored expiry has passed. */
  const held = async (engine: CacheEngine, key: string): Promise<boolean> =>
    (await rawGet(server.current().port, engine.storedKey(key))) !== null;

  describe.each(['memcached', 'memjs'] as const)('through %s', (client) => {
    let engine: CacheEngine;
    beforeEach(() => {
      engine = memcachedEngine(client, servers(), uniquePrefix(`end-${client}`));
    });
    afterEach(async () => {
      await engine.close();
    });

    it.each([0, -1000])('update %i ms from now removes the item; a late update is an UpdateError', async (offset) => {
      const key = generateSessionKey();
      await engine.create(key, { data: { user: 42 }, expiresAt: later(60_000) });
      await expect(engine.update(key, { data: { user: 42 }, expiresAt: later(offset) })).resolves.toBe(key);
      expect(await held(engine, key)).toBe(false);
      expect(await engine.exists(key)).toBe(false);
      // A request that loaded the session before it ended saves it now.
      await expect(
        engine.update(key, { data: { user: 42, late: true }, expiresAt: later(60_000) }),
      ).rejects.toBeInstanceOf(UpdateError);
      expect(await engine.load(key)).toBeNull();
    });

    it('ending a session that is not there is an UpdateError, as on Redis', async () => {
      const key = generateSessionKey();
      await expect(engine.update(key, { data: { a: 1 }, expiresAt: later(-1000) })).rejects.toBeInstanceOf(UpdateError);
      expect(await held(engine, key)).toBe(false);
    });

    it('create with a past expiry stores nothing, and is a CreateError over a live session', async () => {
      const key = generateSessionKey();
      await expect(engine.create(key, { data: { a: 1 }, expiresAt: later(-1000) })).resolves.toBe(key);
      expect(await held(engine, key)).toBe(false);
      // Nothing holds the key: a real create right after succeeds.
      await engine.create(key, { data: { a: 2 }, expiresAt: later(60_000) });
      await expect(engine.create(key, { data: { a: 3 }, expiresAt: later(-1000) })).rejects.toBeInstanceOf(CreateError);
      expect(await engine.load(key)).toMatchObject({ data: { a: 2 } });
    });
  });

  describe('through memcached: gets + cas', () => {
    let engine: CacheEngine;
    beforeEach(() => {
      engine = memcachedEngine('memcached', servers(), uniquePrefix('end-cas'));
    });
    afterEach(async () => {
      await engine.close();
    });

    it('update with the expected version and a past expiry ends the session', async () => {
      const key = generateSessionKey();
      await engine.create(key, { data: { a: 1 }, expiresAt: later(60_000), version: 'v1' });
      const ended = { data: { a: 1 }, expiresAt: later(-1000), version: 'v2' };
      await expect(engine.update(key, ended, { expectedVersion: 'v1' })).resolves.toBe(key);
      expect(await held(engine, key)).toBe(false);
      await expect(
        engine.update(key, { data: { a: 2 }, expiresAt: later(60_000), version: 'v3' }, { expectedVersion: 'v2' }),
      ).rejects.toBeInstanceOf(UpdateError);
      await expect(engine.update(key, { data: { a: 2 }, expiresAt: later(60_000) })).rejects.toBeInstanceOf(
        UpdateError,
      );
      expect(await engine.load(key)).toBeNull();
    });

    it('with a stale expected version it is a conflict, and the session stays', async () => {
      const key = generateSessionKey();
      await engine.create(key, { data: { a: 1 }, expiresAt: later(60_000), version: 'v1' });
      await engine.update(key, { data: { a: 2 }, expiresAt: later(60_000), version: 'v2' }, { expectedVersion: 'v1' });
      await expect(
        engine.update(key, { data: { a: 1 }, expiresAt: later(-1000), version: 'v3' }, { expectedVersion: 'v1' }),
      ).rejects.toBeInstanceOf(SessionConflictError);
      expect(await engine.load(key)).toMatchObject({ data: { a: 2 }, version: 'v2' });
    });

    it('touch to a past time ends the session; touching it again is an UpdateError', async () => {
      const key = generateSessionKey();
      await engine.create(key, { data: { a: 1 }, expiresAt: later(60_000), version: 'v1' });
      const touch = engine.touch as NonNullable<CacheEngine['touch']>;
      await expect(touch(key, later(-1000))).resolves.toBeUndefined();
      expect(await held(engine, key)).toBe(false);
      await expect(engine.update(key, { data: { a: 2 }, expiresAt: later(60_000) })).rejects.toBeInstanceOf(
        UpdateError,
      );
      await expect(touch(key, later(-1000))).rejects.toBeInstanceOf(UpdateError);
      expect(await engine.load(key)).toBeNull();
    });

    it('ending by check-and-set stays conditional: a write between its gets and cas is kept', async () => {
      const client = new Memcached(servers(), { timeout: 1000, retries: 0 });
      const deadlines = new CallDeadlines('cache:memcached', 1000);
      const driver = new InterleavingDriver(client, false, deadlines);
      const store = new MemcachedStore(driver, deadlines);
      const key = `${uniquePrefix('end-race')}key`;
      await store.add(key, { data: 'one', version: 'v1', expiresAt: Date.now() + 60_000 });
      const newer = { data: 'two', version: 'v2', expiresAt: Date.now() + 60_000 };
      driver.meanwhile = () => driver.replace(key, encodeStoredValue(newer), 60, undefined, (replaced) => replaced);
      const ended = { data: 'one', version: 'v3', expiresAt: Date.now() - 1000 };
      // The version matched at the gets; the cas then finds the item changed: a conflict.
      expect(await store.compareAndSet(key, 'v1', ended)).toBe('conflict');
      expect(await store.get(key)).toEqual(newer);
      deadlines.stop();
      client.end();
    });
  });
});
