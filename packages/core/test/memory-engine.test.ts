import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { MemoryEngine, type MemoryEngineOptions } from '../src/engine/memory-engine.js';
import {
  ConfigError,
  CreateError,
  EngineUnavailableError,
  SerializationError,
  SessionConflictError,
  SessionTooLargeError,
  UpdateError,
} from '../src/errors.js';
import { hashKey } from '../src/engine/keys.js';

runEngineConformance('MemoryEngine', ({ clock }) => new MemoryEngine({ clock }), {
  harness: jestHarness(),
  capabilities: { optimisticConcurrency: true },
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

  it.each([0, -1, 1.5, Number.NaN, '512'])('refuses maxDataBytes %p with ConfigError', (maxDataBytes) => {
    expect(() => new MemoryEngine({ maxDataBytes } as unknown as MemoryEngineOptions)).toThrow(ConfigError);
  });

  it.each([0, 1.5, 2 ** 31])('refuses operationTimeoutMs %p with ConfigError', (operationTimeoutMs) => {
    expect(() => new MemoryEngine({ operationTimeoutMs })).toThrow(ConfigError);
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
    await expect(new MemoryEngine().clearExpired({ batchSize: 0 })).rejects.toThrow(ConfigError);
  });

  it('refuses an invalid expiresAt with SerializationError and keeps the previous record', async () => {
    const engine = new MemoryEngine();
    await engine.create(KEY, record({ a: 'kept' }));
    await expect(engine.update(KEY, { data: { a: 'new' }, expiresAt: new Date(Number.NaN) })).rejects.toBeInstanceOf(
      SerializationError,
    );
    await expect(engine.load(KEY)).resolves.toMatchObject({ data: { a: 'kept' } });
  });

  it('rejects every call with EngineUnavailableError once closed, and closes twice', async () => {
    const engine = new MemoryEngine();
    await engine.create(KEY, record({}));
    await engine.close();
    await engine.close();
    await expect(engine.load(KEY)).rejects.toBeInstanceOf(EngineUnavailableError);
    await expect(engine.clearExpired()).rejects.toBeInstanceOf(EngineUnavailableError);
  });
});

describe('MemoryEngine key rules', () => {
  it('checks keys before touching the map: reads miss, writes throw', async () => {
    const engine = new MemoryEngine({ hashKeys: false });
    const bad = 'NOT-A-KEY';
    await expect(engine.create(bad, record({}))).rejects.toBeInstanceOf(CreateError);
    await expect(engine.update(bad, record({}))).rejects.toBeInstanceOf(UpdateError);
    await expect(engine.touch(bad, new Date(Date.now() + 1000))).rejects.toBeInstanceOf(UpdateError);
    await expect(engine.load(bad)).resolves.toBeNull();
    await expect(engine.exists(bad)).resolves.toBe(false);
    await expect(engine.delete(bad)).resolves.toBeUndefined();
    expect(RawMemoryEngine.keysOf(engine)).toEqual([]);
  });
});

describe('MemoryEngine versions and touch', () => {
  const versioned = (version: string, data: Record<string, string> = {}, ttlMs = 60_000) => ({
    ...record(data, ttlMs),
    version,
  });

  it('declares optimistic concurrency and returns the stored version', async () => {
    const engine = new MemoryEngine();
    expect(engine.capabilities.optimisticConcurrency).toBe(true);
    await engine.create(KEY, versioned('v1'));
    await expect(engine.load(KEY)).resolves.toMatchObject({ version: 'v1' });
    await engine.update(KEY, versioned('v2'));
    await expect(engine.load(KEY)).resolves.toMatchObject({ version: 'v2' });
  });

  it('overwrites when expectedVersion matches, and conflicts when it differs', async () => {
    const engine = new MemoryEngine();
    await engine.create(KEY, versioned('v1', { a: '1' }));
    await engine.update(KEY, versioned('v2', { a: '2' }), { expectedVersion: 'v1' });
    await expect(engine.update(KEY, versioned('v3', { a: '3' }), { expectedVersion: 'v1' })).rejects.toBeInstanceOf(
      SessionConflictError,
    );
    await expect(engine.load(KEY)).resolves.toMatchObject({ data: { a: '2' }, version: 'v2' });
  });

  it('conflicts when the live record has no version', async () => {
    const engine = new MemoryEngine();
    await engine.create(KEY, record({ a: '1' }));
    await expect(engine.load(KEY)).resolves.not.toHaveProperty('version');
    await expect(engine.update(KEY, versioned('v2'), { expectedVersion: 'v1' })).rejects.toBeInstanceOf(
      SessionConflictError,
    );
  });

  it('is UpdateError, not a conflict, when no live record exists', async () => {
    const engine = new MemoryEngine();
    await expect(engine.update(KEY, versioned('v2'), { expectedVersion: 'v1' })).rejects.toBeInstanceOf(UpdateError);
    await engine.create(KEY, versioned('v1', {}, -1));
    await expect(engine.update(KEY, versioned('v2'), { expectedVersion: 'v1' })).rejects.toBeInstanceOf(UpdateError);
  });

  it('refuses a version that is not a short string', async () => {
    const engine = new MemoryEngine();
    for (const version of ['', 'x'.repeat(65), 42]) {
      await expect(engine.create(KEY, { ...record({}), version } as never)).rejects.toBeInstanceOf(SerializationError);
    }
  });

  it('touch moves the expiry and keeps data and version', async () => {
    const engine = new MemoryEngine();
    await engine.create(KEY, versioned('v1', { a: 'b' }, 1000));
    const later = new Date(Date.now() + 120_000);
    await engine.touch(KEY, later);
    await expect(engine.load(KEY)).resolves.toEqual({ data: { a: 'b' }, expiresAt: later, version: 'v1' });
  });

  it('touch on a missing or dead key is UpdateError and resurrects nothing', async () => {
    const engine = new MemoryEngine();
    const later = new Date(Date.now() + 60_000);
    await expect(engine.touch(KEY, later)).rejects.toBeInstanceOf(UpdateError);
    await engine.create(KEY, record({}, -1));
    await expect(engine.touch(KEY, later)).rejects.toBeInstanceOf(UpdateError);
    await expect(engine.load(KEY)).resolves.toBeNull();
  });

  it('touch refuses an invalid expiry with SerializationError', async () => {
    const engine = new MemoryEngine();
    await engine.create(KEY, record({}));
    await expect(engine.touch(KEY, new Date(Number.NaN))).rejects.toBeInstanceOf(SerializationError);
  });
});
