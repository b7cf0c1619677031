import { MemoryEngine, SerializationError, Session } from '@sessionkit/core';
import { recordCalls } from '../support/recording-engine';

interface Visit {
  visits?: number;
  cart?: { sku: string; qty: number }[];
  name?: string;
}

const LATER = () => new Date(Date.now() + 60_000);

async function stored(key: string, data: Record<string, unknown>) {
  const engine = new MemoryEngine();
  await engine.create(key, { data: data as never, expiresAt: LATER() });
  return engine;
}

describe('session.data(): one await, then plain data', () => {
  it('reads and writes synchronously; a top-level write marks modified and is saved', async () => {
    const engine = await stored('abcdefgh12345678', { visits: 2 });
    const session = new Session<Visit>(engine, 'abcdefgh12345678');
    const s = await session.data();
    expect(session.accessed).toBe(true);
    expect(session.modified).toBe(false);
    s.visits = (s.visits ?? 0) + 1;
    expect(session.modified).toBe(true);
    expect(await session.get('visits')).toBe(3);
    await session.save();
    expect((await engine.load(session.key as string))?.data).toEqual({ visits: 3 });
  });

  it('reading only leaves the session unmodified, as Django', async () => {
    const engine = await stored('abcdefgh12345678', { visits: 2, cart: [{ sku: 'a', qty: 1 }] });
    const session = new Session<Visit>(engine, 'abcdefgh12345678');
    const s = await session.data();
    expect(s.visits).toBe(2);
    expect('cart' in s).toBe(true);
    expect('name' in s).toBe(false);
    expect(Object.keys(s)).toEqual(['visits', 'cart']);
    expect({ ...s }).toEqual({ visits: 2, cart: [{ sku: 'a', qty: 1 }] });
    expect(JSON.stringify(s)).toBe('{"visits":2,"cart":[{"sku":"a","qty":1}]}');
    expect(session.modified).toBe(false);
  });

  it('delete and `= undefined` remove the key and mark modified; a missing key does not', async () => {
    const session = new Session<Visit>(await stored('abcdefgh12345678', { visits: 1, name: 'x' }), 'abcdefgh12345678');
    const s = await session.data();
    delete s.name;
    expect(session.modified).toBe(true);
    session.modified = false;
    s.visits = undefined;
    expect(session.modified).toBe(true);
    expect(await session.keys()).toEqual([]);
    session.modified = false;
    delete s.cart;
    expect(session.modified).toBe(false);
  });

  it('refuses what JSON cannot carry at the assignment, leaving the data as it was', async () => {
    const session = new Session(new MemoryEngine(), null);
    const s = await session.data();
    expect(() => {
      s.when = new Date() as never;
    }).toThrow(SerializationError);
    expect(() => {
      s.big = Number.NaN;
    }).toThrow(SerializationError);
    expect(Object.keys(s)).toEqual([]);
    expect(session.modified).toBe(false);
    expect(() => Object.defineProperty(s, 'x', { value: 1 })).toThrow(TypeError);
  });

  it('nested mutation: a value handed out is checked again at save; reassigning marks it', async () => {
    const engine = await stored('abcdefgh12345678', { cart: [] });
    const session = new Session<Visit>(engine, 'abcdefgh12345678');
    const s = await session.data();
    s.cart?.push({ sku: 'b', qty: 2 });
    expect(session.modified).toBe(false); // in-place: documented, reassign to mark
    const cart = s.cart;
    s.cart = cart;
    expect(session.modified).toBe(true);
    (s.cart as unknown as unknown[]).push(Number.NaN);
    await expect(session.save()).rejects.toThrow(SerializationError);
  });

  it('follows clear() and flush(), and is the same object on every call', async () => {
    const session = new Session<Visit>(await stored('abcdefgh12345678', { visits: 5 }), 'abcdefgh12345678');
    const s = await session.data();
    expect(await session.data()).toBe(s);
    session.clear();
    expect(s.visits).toBeUndefined();
    s.visits = 1;
    await session.flush();
    expect(Object.keys(s)).toEqual([]);
  });

  it('is lazy: a session never asked for costs no engine call; data() loads once', async () => {
    const { engine, calls } = recordCalls(await stored('abcdefgh12345678', { visits: 1 }));
    const untouched = new Session<Visit>(engine, 'abcdefgh12345678');
    expect(untouched.accessed).toBe(false);
    expect(calls).toEqual([]);
    const session = new Session<Visit>(engine, 'abcdefgh12345678');
    const [a, b] = await Promise.all([session.data(), session.data()]);
    expect(a).toBe(b);
    expect(a.visits).toBe(1);
    expect(calls).toEqual(['load']);
  });

  it('is typed by the session data', async () => {
    const s = await new Session<Visit>(new MemoryEngine(), null).data();
    s.visits = 1;
    const n: number | undefined = s.visits;
    // @ts-expect-error a string is not a number
    s.visits = 'one' as string;
    // @ts-expect-error unknown key
    s.nope = 1;
    expect(n).toBe(1);
  });
});
