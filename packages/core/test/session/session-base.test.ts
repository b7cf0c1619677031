import { EngineUnavailableError, KeyNotFoundError, MemoryEngine, Session } from '@sessionkit/core';
import { recordCalls } from '../support/recording-engine';

// Django's SessionBaseTests and the load rules that need no particular engine.
describe('Session without a key', () => {
  it('is empty and never loads', async () => {
    const { engine, calls } = recordCalls(new MemoryEngine());
    const session = new Session(engine, undefined);
    expect(session.isEmpty()).toBe(true);
    expect(await session.get('x')).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('runs the test-cookie trio', async () => {
    const session = new Session(new MemoryEngine(), null);
    expect(await session.has('testcookie')).toBe(false);
    await session.setTestCookie();
    expect(await session.testCookieWorked()).toBe(true);
    await session.deleteTestCookie();
    expect(await session.has('testcookie')).toBe(false);
    await expect(session.deleteTestCookie()).rejects.toBeInstanceOf(KeyNotFoundError);
  });

  it('is not empty once it has data, and a key-only session is not empty either', async () => {
    const engine = new MemoryEngine();
    const session = new Session(engine, null);
    await session.set('a', 1);
    expect(session.isEmpty()).toBe(false);
    await session.save();
    expect(new Session(engine, session.key).isEmpty()).toBe(false);
  });
});

describe('lazy loading', () => {
  it('loads once when the first accesses race', async () => {
    const memory = new MemoryEngine();
    const first = new Session(memory, null);
    await first.update({ a: 1, b: 2 });
    await first.save();
    const { engine, calls } = recordCalls(memory);
    const session = new Session(engine, first.key);
    expect(session.accessed).toBe(false);
    const values = await Promise.all([session.get('a'), session.get('b'), session.has('a'), session.keys()]);
    expect(values).toEqual([1, 2, true, ['a', 'b']]);
    expect(calls).toEqual(['load']);
    expect(session.accessed).toBe(true);
    expect(session.modified).toBe(false);
  });

  it('loads again after a failed load', async () => {
    const memory = new MemoryEngine();
    const first = new Session(memory, null);
    await first.set('a', 1);
    await first.save();
    let failures = 1;
    const flaky = Object.create(memory) as MemoryEngine;
    flaky.load = async (key: string) => {
      if (failures-- > 0) throw new Error('boom');
      return memory.load(key);
    };
    const session = new Session(flaky, first.key);
    await expect(session.get('a')).rejects.toThrow('boom');
    expect(await session.get('a')).toBe(1);
  });

  it('returns the stored value itself, so a nested change needs modified = true', async () => {
    const engine = new MemoryEngine();
    const session = new Session<{ cart: { items: string[] } }>(engine, null);
    await session.set('cart', { items: [] });
    await session.save();
    const again = new Session<{ cart: { items: string[] } }>(engine, session.key);
    const cart = await again.get('cart');
    cart?.items.push('apple');
    expect(again.modified).toBe(false);
    again.modified = true;
    await again.save();
    expect(await new Session<{ cart: { items: string[] } }>(engine, session.key).get('cart')).toEqual({
      items: ['apple'],
    });
  });

  it('clear() empties without loading', async () => {
    const { engine, calls } = recordCalls(new MemoryEngine());
    const session = new Session(engine, 'abcdefgh12345678');
    session.clear();
    expect(await session.keys()).toEqual([]);
    expect(calls).toEqual([]);
    expect(session.accessed && session.modified).toBe(true);
  });

  it('flush keeps the key while the store delete fails, as Django drops it only after the delete', async () => {
    // Fault injected: a store whose delete is down, which a real MemoryEngine cannot be on demand.
    class DeleteDown extends MemoryEngine {
      override async delete(): Promise<void> {
        throw new EngineUnavailableError('store down');
      }
    }
    const engine = new DeleteDown();
    const saved = new Session(engine, null);
    await saved.set('user', 'alice');
    await saved.save();
    const session = new Session(engine, saved.key);
    await expect(session.flush()).rejects.toThrow(EngineUnavailableError);
    // The cookie must not be cleared while the record lives on: the key stays for the commit to keep.
    expect(session.key).toBe(saved.key);
    expect((await engine.load(saved.key as string))?.data).toEqual({ user: 'alice' });
  });

  it('flush on a never-saved session creates nothing', async () => {
    const { engine, calls } = recordCalls(new MemoryEngine());
    const session = new Session(engine, null);
    await session.flush();
    expect(session.key).toBeNull();
    expect(calls).toEqual([]);
  });
});
