import { MemoryEngine, SerializationError, Session } from '@sessionkit/core';

describe('values JSON cannot carry are refused where they enter', () => {
  const bad: [string, unknown][] = [
    ['a function', () => 1],
    ['undefined', undefined],
    ['a symbol', Symbol('s')],
    ['a bigint', 10n],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a Date', new Date()],
    ['a Map', new Map()],
    ['a nested function', { deep: [{ fn: () => 1 }] }],
  ];

  it.each(bad)('set() rejects %s with SerializationError', async (_label, value) => {
    const session = new Session(new MemoryEngine(), null);
    await expect(session.set('k', value as never)).rejects.toBeInstanceOf(SerializationError);
    expect(session.modified).toBe(false);
  });

  it('names the path of the bad value', async () => {
    const session = new Session(new MemoryEngine(), null);
    await expect(session.set('k', { a: [1, { b: 2n }] } as never)).rejects.toThrow('k.a[1].b is a bigint');
  });

  it('refuses a cycle', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const session = new Session(new MemoryEngine(), null);
    await expect(session.set('k', cyclic as never)).rejects.toThrow('circular');
  });

  it('save() rejects a bad value slipped in by a nested mutation, and the stored record stays intact', async () => {
    const engine = new MemoryEngine();
    const session = new Session<{ box: { v: number[] } }>(engine, null);
    await session.set('box', { v: [1] });
    await session.save();
    const box = await session.get('box');
    (box!.v as unknown[]).push(() => 1);
    session.modified = true;
    await expect(session.save()).rejects.toBeInstanceOf(SerializationError);
    expect((await engine.load(session.key as string))?.data).toEqual({ box: { v: [1] } });
  });
});

describe('values handed out are checked again at save', () => {
  it.each(['entries', 'values'] as const)('after %s(), a bad value slipped into an object is refused', async (method) => {
    const engine = new MemoryEngine();
    const session = new Session<{ box: { v: number[] } }>(engine, null);
    await session.set('box', { v: [1] });
    await session.save();
    const again = new Session<{ box: { v: number[] } }>(engine, session.key);
    const handedOut = method === 'entries' ? (await again.entries())[0]?.[1] : (await again.values())[0];
    (handedOut!.v as unknown[]).push(10n);
    again.modified = true;
    await expect(again.save()).rejects.toBeInstanceOf(SerializationError);
  });

  it.each(['set', 'update', 'data view'] as const)(
    'an object given through %s and changed by the app afterwards is checked again at save',
    async (how) => {
      const engine = new MemoryEngine();
      const session = new Session<{ box: { v: number[] } }>(engine, null);
      const box = { v: [1] };
      if (how === 'set') await session.set('box', box);
      else if (how === 'update') await session.update({ box });
      else (await session.data()).box = box;
      box.v.push(Number.NaN);
      await expect(session.save()).rejects.toBeInstanceOf(SerializationError);
    },
  );

  it('a record loaded straight from the engine, changed and stored again, is checked', async () => {
    const engine = new MemoryEngine();
    const session = new Session<{ box: { v: number[] } }>(engine, null);
    await session.set('box', { v: [1] });
    await session.save();
    const key = session.key as string;
    const record = await engine.load(key);
    (record!.data.box as { v: unknown[] }).v.push(Number.NaN);
    await expect(engine.update(key, record!)).rejects.toBeInstanceOf(SerializationError);
  });

  it('a value read as a primitive needs no second walk, and saves', async () => {
    const engine = new MemoryEngine();
    const session = new Session<{ n: number }>(engine, null);
    await session.set('n', 1);
    await session.save();
    const again = new Session<{ n: number }>(engine, session.key);
    await again.set('n', ((await again.get('n')) ?? 0) + 1);
    await again.save();
    expect((await engine.load(session.key as string))?.data).toEqual({ n: 2 });
  });
});

describe('prototype pollution', () => {
  it('a __proto__ key in stored JSON is plain data', async () => {
    const engine = new MemoryEngine();
    const session = new Session(engine, null);
    await session.update(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"bad": 1}}}'));
    await session.save();
    const again = new Session(engine, session.key);
    expect(await again.get('__proto__')).toEqual({ polluted: true });
    expect(await again.keys()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).bad).toBeUndefined();
    expect(Object.getPrototypeOf(again.toData())).toBeNull();
  });
});
