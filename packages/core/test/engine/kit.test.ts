import {
  ConfigError,
  CreateError,
  clearExpiredInBatches,
  checkExpectedVersion,
  DEFAULT_BATCH_SIZE,
  DEFAULT_KEY_PATTERN,
  DEFAULT_MAX_DATA_BYTES,
  DEFAULT_OPERATION_TIMEOUT_MS,
  JsonRecord,
  prepareExpiry,
  prepareRecord,
  type RecordRules,
  requireValidKey,
  resolveStoredEngineOptions,
  SerializationError,
  SessionConflictError,
  SessionTooLargeError,
  systemClock,
  UpdateError,
} from '@sessionkit/core/engine';
import { CheckedRecord } from '../../src/engine/record-object.js';

const later = new Date(Date.now() + 60_000);
const rules = (overrides: Partial<RecordRules> = {}): RecordRules => ({
  engineName: 'kit',
  maxDataBytes: 1000,
  encode: (data) => JSON.stringify(data),
  ...overrides,
});

describe('prepareRecord', () => {
  it("skips the walk only for a session's checked snapshot that is still the record's data", () => {
    // The session builds a CheckedRecord around a snapshot of values it checked; the walk would
    // refuse -0. The brand is trusted only while the record holds that same object.
    const snapshot = { a: -0 };
    const record = new CheckedRecord(snapshot, later);
    expect(prepareRecord(record, rules()).text).toBe('{"a":0}');
    record.data = { a: -0 };
    expect(() => prepareRecord(record, rules())).toThrow(SerializationError);
    expect(() => prepareRecord({ data: snapshot, expiresAt: later }, rules())).toThrow(SerializationError);
  });

  it('returns the encoded text, its UTF-8 size, the expiry in ms and the version', () => {
    const prepared = prepareRecord({ data: { a: 'é' }, expiresAt: later, version: 'v1' }, rules());
    expect([prepared.text, prepared.bytes, prepared.expiresAt, prepared.version]).toEqual([
      '{"a":"é"}',
      10,
      later.getTime(),
      'v1',
    ]);
  });

  it('counts no bytes of text too short to be over the limit (3 bytes a UTF-16 unit at most), yet reports them', () => {
    // 10 characters: 30 bytes at most, so a 30-byte limit needs no count; a JsonRecord keeps none.
    const short = JsonRecord.of({ data: { a: '😀😀' }, expiresAt: later }, 'kit');
    expect(short.json).toHaveLength(12);
    const plain = rules({ maxDataBytes: 36, encodeJson: (json) => json });
    const prepared = prepareRecord(short, plain);
    expect(short.knownByteLength).toBeUndefined();
    expect(prepared.bytes).toBe(16);
    // One unit over that bound is counted: 4-byte characters still fit 3 bytes a unit.
    expect(prepareRecord(short, rules({ ...plain, maxDataBytes: 35 })).bytes).toBe(16);
    expect(short.knownByteLength).toBe(16);
    // And refused by its bytes, whatever its length: 12 units, 16 bytes, a 15-byte limit.
    expect(() => prepareRecord(short, rules({ ...plain, maxDataBytes: 15 }))).toThrow(
      new SessionTooLargeError('[kit] encoded session is 16 bytes, over the 15-byte limit'),
    );
  });

  it('counts UTF-8 bytes of the encoded record: exactly maxDataBytes passes, one more names both numbers', () => {
    // {"a":"…"} is 8 bytes of JSON around the value.
    const fits = { data: { a: 'x'.repeat(92) }, expiresAt: later };
    expect(prepareRecord(fits, rules({ maxDataBytes: 100 })).bytes).toBe(100);
    const over = { data: { a: `${'x'.repeat(91)}é` }, expiresAt: later };
    expect(() => prepareRecord(over, rules({ maxDataBytes: 100 }))).toThrow(
      new SessionTooLargeError('[kit] encoded session is 101 bytes, over the 100-byte limit'),
    );
  });

  it('tells the codec whether its check found a number Python spells differently (0 < |x| < 1e-4)', () => {
    const told: boolean[] = [];
    const telling = rules({
      encode: (data, _expiresAt, tinyNumbers) => {
        told.push(tinyNumbers);
        return JSON.stringify(data);
      },
    });
    prepareRecord({ data: { a: [1, 0.5, 'x'] }, expiresAt: later }, telling);
    prepareRecord({ data: { a: [1, { b: 0.00005 }] }, expiresAt: later }, telling);
    prepareRecord({ data: { a: -1e-9 }, expiresAt: later }, telling);
    expect(told).toEqual([false, true, true]);
  });

  it('measures what the codec produced, not the raw data', () => {
    const padded = rules({ maxDataBytes: 20, encode: (data) => `${'#'.repeat(15)}${JSON.stringify(data)}` });
    expect(() => prepareRecord({ data: { a: 1 }, expiresAt: later }, padded)).toThrow(SessionTooLargeError);
  });

  it.each([
    ['an Invalid Date', new Date(Number.NaN)],
    ['a number', later.getTime()],
    ['a string', later.toISOString()],
    ['undefined', undefined],
  ])('refuses %s as expiresAt with SerializationError', (_label, expiresAt) => {
    expect(() => prepareRecord({ data: {}, expiresAt } as never, rules())).toThrow(SerializationError);
  });

  it.each([
    ['an array', [1]],
    ['null', null],
    ['a string', 'text'],
  ])('refuses %s as data with SerializationError', (_label, data) => {
    expect(() => prepareRecord({ data, expiresAt: later } as never, rules())).toThrow(SerializationError);
  });

  it('refuses data JSON cannot carry before encoding it, naming the path', () => {
    const encode = jest.fn((data: object) => JSON.stringify(data));
    expect(() => prepareRecord({ data: { n: [-0] }, expiresAt: later }, rules({ encode }))).toThrow(
      new SerializationError('data.n[0] is -0, which JSON writes as 0'),
    );
    expect(encode).not.toHaveBeenCalled();
  });

  it('refuses a version that is not a string of 1 to 64 characters', () => {
    for (const version of ['', 'x'.repeat(65), 7]) {
      expect(() => prepareRecord({ data: {}, expiresAt: later, version } as never, rules())).toThrow(
        SerializationError,
      );
    }
    expect(prepareRecord({ data: {}, expiresAt: later, version: 'x'.repeat(64) }, rules()).version).toHaveLength(64);
  });

  it('checks the expiry against latestExpiry after the size', () => {
    const latest = Date.UTC(9999, 11, 31);
    const far = new Date(Date.UTC(10000, 0, 1));
    expect(() => prepareRecord({ data: {}, expiresAt: far }, rules({ latestExpiry: latest }))).toThrow(
      SerializationError,
    );
    // Too large and too late: the size is reported first.
    const big = { data: { a: 'x'.repeat(2000) }, expiresAt: far };
    expect(() => prepareRecord(big, rules({ latestExpiry: latest }))).toThrow(SessionTooLargeError);
  });
});

describe('prepareExpiry', () => {
  it('returns epoch ms and refuses what prepareRecord refuses', () => {
    expect(prepareExpiry('kit', later)).toBe(later.getTime());
    expect(() => prepareExpiry('kit', new Date(Number.NaN))).toThrow(SerializationError);
    expect(() => prepareExpiry('kit', later, later.getTime() - 1)).toThrow(SerializationError);
  });
});

describe('clearExpiredInBatches', () => {
  /** A store of `count` expired records that removes up to `limit` per batch. */
  function store(count: number) {
    let left = count;
    const limits: number[] = [];
    const removeBatch = async (limit: number) => {
      limits.push(limit);
      const removed = Math.min(limit, left);
      left -= removed;
      return removed;
    };
    return { removeBatch, limits, left: () => left };
  }

  it('runs batches of DEFAULT_BATCH_SIZE until one comes back short, reporting running totals', async () => {
    const s = store(2500);
    const progress: number[] = [];
    await expect(clearExpiredInBatches({ onProgress: (n) => progress.push(n) }, s.removeBatch)).resolves.toBe(2500);
    expect(s.limits).toEqual([DEFAULT_BATCH_SIZE, DEFAULT_BATCH_SIZE, DEFAULT_BATCH_SIZE]);
    expect(progress).toEqual([1000, 2000, 2500]);
  });

  it('reports nothing for a batch that removed nothing', async () => {
    const progress: number[] = [];
    await expect(
      clearExpiredInBatches({ batchSize: 2, onProgress: (n) => progress.push(n) }, store(2).removeBatch),
    ).resolves.toBe(2);
    expect(progress).toEqual([2]);
  });

  it.each([0, -1, 1.5, Number.NaN, '10'])(
    'refuses batchSize %p with ConfigError before any batch',
    async (batchSize) => {
      const s = store(5);
      await expect(clearExpiredInBatches({ batchSize } as never, s.removeBatch)).rejects.toBeInstanceOf(ConfigError);
      expect(s.limits).toEqual([]);
    },
  );

  it('an already-aborted signal rejects with its reason and removes nothing', async () => {
    const s = store(5);
    const reason = new Error('stop');
    await expect(clearExpiredInBatches({ signal: AbortSignal.abort(reason) }, s.removeBatch)).rejects.toBe(reason);
    expect(s.left()).toBe(5);
  });

  it('an abort between batches rejects with the reason; what was removed stays removed and was reported', async () => {
    const s = store(10);
    const controller = new AbortController();
    const progress: number[] = [];
    const run = clearExpiredInBatches(
      {
        batchSize: 3,
        signal: controller.signal,
        onProgress: (n) => {
          progress.push(n);
          if (n === 6) controller.abort('enough');
        },
      },
      s.removeBatch,
    );
    await expect(run).rejects.toBe('enough');
    expect(progress).toEqual([3, 6]);
    expect(s.left()).toBe(4);
  });

  it('yields to the event loop between batches', async () => {
    const s = store(2);
    let immediateRan = false;
    setImmediate(() => {
      immediateRan = true;
    });
    const seen: boolean[] = [];
    await clearExpiredInBatches({ batchSize: 1 }, async (limit) => {
      seen.push(immediateRan);
      return s.removeBatch(limit);
    });
    // Without the yield every batch would run in microtasks, before any immediate.
    expect(seen).toEqual([false, true, true]);
  });
});

describe('resolveStoredEngineOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveStoredEngineOptions({})).toEqual({
      clock: systemClock,
      operationTimeoutMs: DEFAULT_OPERATION_TIMEOUT_MS,
      maxDataBytes: DEFAULT_MAX_DATA_BYTES,
    });
  });

  it.each([
    ['maxDataBytes', { maxDataBytes: 0 }],
    ['maxDataBytes', { maxDataBytes: 1.5 }],
    ['operationTimeoutMs', { operationTimeoutMs: -1 }],
    ['operationTimeoutMs', { operationTimeoutMs: 2 ** 31 }],
    ['clock', { clock: {} }],
  ])('refuses a bad %s with ConfigError naming it', (name, options) => {
    expect(() => resolveStoredEngineOptions(options as never)).toThrow(ConfigError);
    expect(() => resolveStoredEngineOptions(options as never)).toThrow(name);
  });
});

describe('key and version guards', () => {
  const keyRules = { keyPattern: DEFAULT_KEY_PATTERN, minKeyLength: 8, maxKeyLength: 40 };

  it('requireValidKey: CreateError on create, UpdateError on update and touch, nothing for a good key', () => {
    expect(() => requireValidKey('kit', 'abcdefgh', keyRules, 'create')).not.toThrow();
    expect(() => requireValidKey('kit', 'ABC', keyRules, 'create')).toThrow(CreateError);
    expect(() => requireValidKey('kit', 'ABC', keyRules, 'update')).toThrow(UpdateError);
    expect(() => requireValidKey('kit', 42, keyRules, 'touch')).toThrow(UpdateError);
  });

  it('checkExpectedVersion: no expectation or a match passes; a difference or no stored version conflicts', () => {
    expect(() => checkExpectedVersion('kit', 'v1', undefined)).not.toThrow();
    expect(() => checkExpectedVersion('kit', undefined, {})).not.toThrow();
    expect(() => checkExpectedVersion('kit', 'v1', { expectedVersion: 'v1' })).not.toThrow();
    expect(() => checkExpectedVersion('kit', 'v2', { expectedVersion: 'v1' })).toThrow(SessionConflictError);
    expect(() => checkExpectedVersion('kit', undefined, { expectedVersion: 'v1' })).toThrow(SessionConflictError);
  });
});
