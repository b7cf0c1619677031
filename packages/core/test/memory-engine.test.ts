import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { MemoryEngine, type MemoryEngineOptions } from '../src/engine/memory-engine.js';
import { SessionTooLargeError } from '../src/errors.js';
import { hashKey } from '../src/engine/keys.js';

runEngineConformance('MemoryEngine', ({ clock }) => new MemoryEngine({ clock }), {
  harness: jestHarness(),
  inspect: { rawKeys: (engine) => RawMemoryEngine.keysOf(engine) },
});

/** Reads the records map the engine keeps protected. */
class RawMemoryEngine extends MemoryEngine {
  static keysOf(engine: MemoryEngine): string[] {
    return [...(engine as RawMemoryEngine).records.keys()];
  }
  static write(engine: MemoryEngine, key: string, json: string): void {
    (engine as RawMemoryEngine).records.set(hashKey(key), { json, expiresAt: Date.now() + 60_000 });
  }
}

const record = (data: Record<string, string>, ttlMs = 60_000) => ({ data, expiresAt: new Date(Date.now() + ttlMs) });
const KEY = 'abcdefgh12345678';

describe('MemoryEngine specifics', () => {
  it('declares the stored-engine defaults and its size limit', () => {
    expect(new MemoryEngine().capabilities).toMatchObject({
      storage: 'stored',
      clearExpired: 'supported',
      ttlResolutionMs: 1,
      usesInjectedClock: true,
      maxDataBytes: 1024 * 1024,
    });
    expect(new MemoryEngine({ maxDataBytes: 512 }).capabilities.maxDataBytes).toBe(512);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxDataBytes %p', (maxDataBytes) => {
    expect(() => new MemoryEngine({ maxDataBytes } as MemoryEngineOptions)).toThrow(RangeError);
  });

  it('measures size in UTF-8 bytes, not characters', async () => {
    const engine = new MemoryEngine({ maxDataBytes: 12 });
    // {"a":"éééé"} is 12 characters but 16 bytes.
    await expect(engine.create(KEY, record({ a: 'éééé' }))).rejects.toBeInstanceOf(SessionTooLargeError);
    await expect(engine.create(KEY, record({ a: 'eeee' }))).resolves.toBe(KEY);
  });

  it('keeps keys hashed at rest unless told otherwise', async () => {
    const hashed = new MemoryEngine();
    await hashed.create(KEY, record({}));
    expect(RawMemoryEngine.keysOf(hashed)).toEqual([hashKey(KEY)]);
    const plain = new MemoryEngine({ hashKeys: false });
    await plain.create(KEY, record({}));
    expect(RawMemoryEngine.keysOf(plain)).toEqual([KEY]);
  });

  it('loads stored text that is not a JSON object as no session', async () => {
    const engine = new MemoryEngine();
    for (const json of ['{"truncated', '[1,2]', 'null', '"text"']) {
      RawMemoryEngine.write(engine, KEY, json);
      await expect(engine.load(KEY)).resolves.toBeNull();
    }
  });

  it('decides expiry by the system clock when none is injected', async () => {
    const engine = new MemoryEngine();
    await engine.create(KEY, record({ a: 'b' }));
    await expect(engine.load(KEY)).resolves.toMatchObject({ data: { a: 'b' } });
    await engine.update(KEY, record({ a: 'b' }, -1));
    await expect(engine.load(KEY)).resolves.toBeNull();
  });

  it('refuses a clearExpired batch size that is not a positive integer', async () => {
    await expect(new MemoryEngine().clearExpired({ batchSize: 0 })).rejects.toThrow(RangeError);
  });
});
