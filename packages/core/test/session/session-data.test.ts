import { MemoryEngine, type SessionData, type SessionEngine, type SessionRecord, Session } from '@sessionkit/core';

/** A session over MemoryEngine holding `data` under a saved key. */
async function savedSession(engine: MemoryEngine, data: SessionData): Promise<string> {
  const session = new Session(engine, null);
  await session.update(data);
  await session.save();
  return session.key as string;
}

describe('the loaded data, read and written in place', () => {
  it('names of Object.prototype read as absent until the data has them', async () => {
    const engine = new MemoryEngine();
    const session = new Session(engine, await savedSession(engine, { n: 1 }));
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      expect(await session.get(name)).toBeUndefined();
      expect(await session.has(name)).toBe(false);
      expect((await session.data())[name]).toBeUndefined();
    }
    expect(await session.keys()).toEqual(['n']);
    await expect(session.delete('toString')).rejects.toThrow('session has no key "toString"');
  });

  it('__proto__ set on loaded data is a plain key: saved, loaded back, and no prototype changes', async () => {
    const engine = new MemoryEngine();
    const key = await savedSession(engine, { n: 1 });
    const session = new Session(engine, key);
    await session.set('__proto__', { polluted: true });
    await session.set('constructor', 'text');
    await session.save();
    const stored = (await engine.load(key))?.data as SessionData;
    expect(Object.keys(stored)).toEqual(['n', '__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(stored, '__proto__')?.value).toEqual({ polluted: true });
    const again = new Session(engine, key);
    expect(await again.get('__proto__')).toEqual({ polluted: true });
    expect(await again.get('constructor')).toBe('text');
    expect(await again.get('polluted')).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a deleted key is gone from the saved record, and a session emptied by deletes is empty', async () => {
    const engine = new MemoryEngine();
    const key = await savedSession(engine, { a: 1, b: 2 });
    const session = new Session(engine, key);
    await session.delete('a');
    expect(await session.pop('b')).toBe(2);
    await session.save();
    expect((await engine.load(key))?.data).toEqual({});
    const fresh = new Session(engine, null);
    await fresh.set('a', 1);
    expect(fresh.isEmpty()).toBe(false);
    await fresh.delete('a');
    expect(fresh.isEmpty()).toBe(true);
  });

  it('a change made after save() was called reaches neither that save nor the stored record', async () => {
    const engine = new MemoryEngine();
    const key = await savedSession(engine, { n: 1 });
    const session = new Session<{ n: number }>(engine, key);
    await session.set('n', 2);
    const saving = session.save();
    await session.set('n', 3);
    await saving;
    expect((await engine.load(key))?.data).toEqual({ n: 2 });
    expect(await session.get('n')).toBe(3);
  });

  it('data an engine keeps and hands out again is copied: the session never writes into it', async () => {
    const kept: SessionData = { n: 1, nested: { list: [1] } };
    const memory = new MemoryEngine();
    const key = await savedSession(memory, {});
    // An engine that returns the object it holds (not data core decoded): a third party's may.
    const engine: SessionEngine = {
      name: 'keeps-its-object',
      capabilities: memory.capabilities,
      load: async () => ({ data: kept, expiresAt: new Date(Date.now() + 60_000) }),
      create: (k: string, record: SessionRecord) => memory.create(k, record),
      update: (k: string, record: SessionRecord) => memory.update(k, record),
      delete: (k: string) => memory.delete(k),
      exists: (k: string) => memory.exists(k),
      clearExpired: () => memory.clearExpired(),
      close: () => memory.close(),
    };
    const session = new Session(engine, key);
    await session.set('n', 2);
    await session.set('added', true);
    await session.delete('nested');
    await session.save();
    expect(kept).toEqual({ n: 1, nested: { list: [1] } });
    expect((await memory.load(key))?.data).toEqual({ n: 2, added: true });
  });
});
