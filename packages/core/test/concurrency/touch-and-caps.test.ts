import {
  CREATED_KEY,
  MemoryEngine,
  type SessionEngine,
  SessionManager,
  type SessionManagerOptions,
} from '@sessionkit/core';
import { manualClock, recordCalls } from '../support/recording-engine';

const HOUR = 3600;
const DAY = 24 * HOUR;
const COOKIE_AGE = 14 * DAY;

function setup(
  options: Partial<SessionManagerOptions> = {},
  inner?: (clock: ReturnType<typeof manualClock>) => SessionEngine,
) {
  const clock = manualClock();
  const store = inner?.(clock) ?? new MemoryEngine({ clock });
  const { engine, calls } = recordCalls(store);
  const manager = new SessionManager({ engine, clock, ...options });
  return { clock, store, manager, calls };
}

/** The engine without `touch`, so core must fall back to `update`. */
function withoutTouch(clock: ReturnType<typeof manualClock>): SessionEngine {
  const inner = new MemoryEngine({ clock });
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'touch') return undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function seed(manager: SessionManager, data: Record<string, number> = { n: 1 }): Promise<string> {
  const session = manager.open(undefined);
  await session.update(data);
  await manager.commit(session, 200);
  return session.key as string;
}

/** One request that only reads the session. */
async function readOnly(manager: SessionManager, key: string) {
  const session = manager.open(key);
  await session.get('n');
  return manager.commit(session, 200);
}

const writes = (calls: string[]) => calls.filter((name) => ['create', 'update', 'touch'].includes(name));

describe('touchAfter', () => {
  it('writes nothing for a read inside the interval and exactly one touch outside it', async () => {
    const { clock, store, manager, calls } = setup({ touchAfter: HOUR });
    const key = await seed(manager);
    calls.length = 0;
    clock.advance((HOUR - 1) * 1000);
    const inside = await readOnly(manager, key);
    expect(writes(calls)).toEqual([]);
    expect(inside).toEqual({ action: 'none', setCookie: null, vary: true, cacheControlPrivate: false });
    clock.advance(1000);
    const outside = await readOnly(manager, key);
    expect(writes(calls)).toEqual(['touch']);
    expect(outside.action).toBe('set');
    expect(outside.setCookie).toContain(`Max-Age=${COOKIE_AGE}`);
    expect((await store.load(key))?.expiresAt.getTime()).toBe(clock.now() + COOKIE_AGE * 1000);
    // Pushed again only after another full interval.
    calls.length = 0;
    clock.advance((HOUR - 1) * 1000);
    await readOnly(manager, key);
    expect(writes(calls)).toEqual([]);
  });

  it('keeps the data and the version when it touches', async () => {
    const { clock, store, manager } = setup({ touchAfter: HOUR });
    const key = await seed(manager);
    const before = await store.load(key);
    clock.advance(2 * HOUR * 1000);
    await readOnly(manager, key);
    const after = await store.load(key);
    expect(after?.data).toEqual(before?.data);
    expect(after?.version).toBe(before?.version);
  });

  it('falls back to one update with the loaded data when the engine has no touch', async () => {
    const { clock, store, manager, calls } = setup({ touchAfter: HOUR }, withoutTouch);
    const key = await seed(manager);
    calls.length = 0;
    clock.advance(HOUR * 1000);
    await readOnly(manager, key);
    expect(writes(calls)).toEqual(['update']);
    expect(await store.load(key)).toMatchObject({
      data: { n: 1 },
      expiresAt: new Date(clock.now() + COOKIE_AGE * 1000),
    });
  });

  it('never re-expires a session without touchAfter (Django)', async () => {
    const { clock, manager, calls } = setup();
    const key = await seed(manager);
    calls.length = 0;
    clock.advance(DAY * 1000);
    expect((await readOnly(manager, key)).action).toBe('none');
    expect(writes(calls)).toEqual([]);
  });

  it('saves a modified session on every request, whatever the interval', async () => {
    const { manager, calls } = setup({ touchAfter: HOUR });
    const key = await seed(manager);
    calls.length = 0;
    const session = manager.open(key);
    await session.set('n', 2);
    await manager.commit(session, 200);
    expect(writes(calls)).toEqual(['update']);
  });

  it('with saveEveryRequest throttles the saves of unmodified sessions, even untouched ones', async () => {
    const { clock, manager, calls } = setup({ touchAfter: HOUR, saveEveryRequest: true });
    const key = await seed(manager);
    calls.length = 0;
    clock.advance(60_000);
    expect((await manager.commit(manager.open(key), 200)).action).toBe('none');
    expect(calls).toEqual(['load']);
    clock.advance(HOUR * 1000);
    expect((await manager.commit(manager.open(key), 200)).action).toBe('set');
    expect(writes(calls)).toEqual(['touch']);
  });

  it('does not touch a session whose expiry is a fixed instant, nor on a 5xx', async () => {
    const { clock, manager, calls } = setup({ touchAfter: HOUR });
    const session = manager.open(undefined);
    await session.setExpiry(new Date(clock.now() + DAY * 1000));
    await manager.commit(session, 200);
    const key = session.key as string;
    const plain = await seed(manager);
    calls.length = 0;
    clock.advance(2 * HOUR * 1000);
    await readOnly(manager, key);
    const failed = manager.open(plain);
    await failed.get('n');
    await manager.commit(failed, 500);
    expect(writes(calls)).toEqual([]);
  });

  it('clears the cookie when the record vanished before the touch', async () => {
    const { clock, store, manager } = setup({ touchAfter: HOUR, saveEveryRequest: true });
    const key = await seed(manager);
    await store.delete(key);
    clock.advance(2 * HOUR * 1000);
    expect((await manager.commit(manager.open(key), 200)).action).toBe('delete');
  });
});

describe('absoluteTimeout', () => {
  it('stamps new sessions and caps the record and the cookie at creation + timeout', async () => {
    const { clock, store, manager } = setup({ absoluteTimeout: 2 * HOUR });
    const session = manager.open(undefined);
    await session.set('n', 1);
    const result = await manager.commit(session, 200);
    const key = session.key as string;
    const created = Math.floor(clock.now() / 1000);
    expect(result.setCookie).toContain(`Max-Age=${2 * HOUR}`);
    const stored = await store.load(key);
    expect(stored?.data).toEqual({ n: 1, [CREATED_KEY]: created });
    expect(stored?.expiresAt.getTime()).toBe((created + 2 * HOUR) * 1000);
  });

  it('ends an active session at the limit: fresh empty session, record deleted, cookie cleared', async () => {
    const { clock, store, manager } = setup({ absoluteTimeout: 2 * HOUR, touchAfter: 60 });
    const key = await seed(manager);
    for (let step = 0; step < 3; step++) {
      clock.advance(30 * 60_000);
      const active = manager.open(key);
      await active.set('n', step);
      const result = await manager.commit(active, 200);
      // Activity never moves the expiry past the limit.
      const left = 2 * HOUR - (step + 1) * 30 * 60;
      expect(result.setCookie).toContain(`Max-Age=${left}`);
    }
    clock.advance(30 * 60_000);
    const late = manager.open(key);
    expect(await late.has('n')).toBe(false);
    expect(late.key).toBeNull();
    expect((await manager.commit(late, 200)).action).toBe('delete');
    // The record is gone, not merely ignored: the store no longer holds it.
    expect(await store.exists(key)).toBe(false);
  });

  it('caps a touched expiry at the limit', async () => {
    const { clock, store, manager } = setup({ absoluteTimeout: 30 * HOUR, touchAfter: HOUR, cookie: { age: DAY } });
    const key = await seed(manager);
    const created = (await store.load(key))?.data[CREATED_KEY] as number;
    clock.advance(20 * HOUR * 1000);
    const result = await readOnly(manager, key);
    expect(result.setCookie).toContain(`Max-Age=${10 * HOUR}`);
    expect((await store.load(key))?.expiresAt.getTime()).toBe((created + 30 * HOUR) * 1000);
  });

  it('stamps a session stored before the option on its next write, counting from then', async () => {
    const clock = manualClock();
    const store = new MemoryEngine({ clock });
    const key = await seed(new SessionManager({ engine: store, clock }));
    const manager = new SessionManager({ engine: store, clock, absoluteTimeout: HOUR, touchAfter: 60 });
    clock.advance(5 * HOUR * 1000);
    // A read-only request: due at once, and a real save (not a touch), so the stamp is stored.
    const { engine, calls } = recordCalls(store);
    const tracked = new SessionManager({ engine, clock, absoluteTimeout: HOUR, touchAfter: 60 });
    await readOnly(tracked, key);
    expect(writes(calls)).toEqual(['update']);
    expect((await store.load(key))?.data[CREATED_KEY]).toBe(Math.floor(clock.now() / 1000));
    clock.advance(HOUR * 1000);
    expect(await manager.open(key).has('n')).toBe(false);
  });

  it('ends a session whose stored creation time is not a number (fails closed)', async () => {
    const { store, manager } = setup({ absoluteTimeout: HOUR });
    const key = await seed(manager);
    const stored = await store.load(key);
    await store.update(key, { data: { n: 1, [CREATED_KEY]: 'yesterday' }, expiresAt: stored?.expiresAt as Date });
    expect(await manager.open(key).has('n')).toBe(false);
    expect(await store.exists(key)).toBe(false);
  });
});
