import {
  JsonRecord,
  jsonEncoder,
  plainJsonCodec,
  prepareRecord,
  type RecordRules,
  SerializationError,
  SessionTooLargeError,
} from '@sessionkit/core/engine';
import { createSessionCodec, MemoryEngine } from '@sessionkit/core';

const later = new Date(Date.now() + 60_000);

/** Rules that record which encoder ran, and on what. */
function recordingRules(withJson: boolean, maxDataBytes = 1000) {
  const seen: { encode: unknown[]; encodeJson: string[] } = { encode: [], encodeJson: [] };
  const rules: RecordRules = {
    engineName: 'kit',
    maxDataBytes,
    encode: (data) => {
      seen.encode.push(data);
      return `data:${JSON.stringify(data)}`;
    },
    ...(withJson
      ? {
          encodeJson: (json: string) => {
            seen.encodeJson.push(json);
            return `json:${json}`;
          },
        }
      : {}),
  };
  return { rules, seen };
}

describe('JsonRecord.of', () => {
  it('checks and stringifies the data once, at the call, and copies the expiry', () => {
    const data = { list: [1], nested: { a: 1 } };
    const expiresAt = new Date(later.getTime());
    const record = JsonRecord.of({ data, expiresAt, version: 'v1' }, 'kit');
    data.nested.a = 99;
    expiresAt.setTime(0);
    expect(record.json).toBe('{"list":[1],"nested":{"a":1}}');
    expect(record.expiresAt.getTime()).toBe(later.getTime());
    expect(record.version).toBe('v1');
    // The caller's own object, for an engine called in the same tick.
    expect(record.data).toBe(data);
  });

  it('refuses what JSON cannot carry, naming the engine or the path', () => {
    expect(() => JsonRecord.of({ data: [] as never, expiresAt: later }, 'kit')).toThrow(
      /\[kit\] data must be a plain object/,
    );
    expect(() => JsonRecord.of({ data: { f: (() => 1) as never }, expiresAt: later }, 'kit')).toThrow(
      SerializationError,
    );
    expect(() => JsonRecord.of({ data: { n: -0 }, expiresAt: later }, 'kit')).toThrow(/data\.n/);
    expect(() => JsonRecord.of(null as never, 'kit')).toThrow(SerializationError);
  });

  it('takes a JsonRecord as checked: same JSON, its own expiry, data parsed afresh', () => {
    const first = JsonRecord.of({ data: { a: 1 }, expiresAt: later }, 'kit');
    const again = JsonRecord.of(first, 'kit');
    expect(again.json).toBe(first.json);
    expect(again.expiresAt).not.toBe(first.expiresAt);
    expect(again.data).toEqual({ a: 1 });
    expect(again.data).not.toBe(first.data);
    expect('version' in again).toBe(false);
  });
});

describe('JsonRecord', () => {
  it.each([
    ['text that is not JSON', '{"a":'],
    ['JSON of an array', '[1,2]'],
    ['JSON of a string', '"text"'],
    ['an integer beyond 2^53', '{"n":9007199254740993}'],
    ['a number too large for a double', '{"n":1e400}'],
    ['-0', '{"n":-0}'],
    ['a nested -0', '{"list":[1,{"n":-0.0}]}'],
  ])('refuses, from its constructor, %s (engines store json unwalked)', (_, json) => {
    expect(() => new JsonRecord(json, later)).toThrow(SerializationError);
  });

  it('parses its data from the JSON on the first read, then keeps it', () => {
    const record = new JsonRecord('{"a":[1,2],"__proto__":{"x":1}}', later);
    const data = record.data;
    expect(data).toEqual(JSON.parse('{"a":[1,2],"__proto__":{"x":1}}'));
    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    expect(record.data).toBe(data);
  });
});

describe('prepareRecord with a JsonRecord', () => {
  it('stores the JSON through encodeJson, with no walk and no encode of the data', () => {
    const { rules, seen } = recordingRules(true);
    const prepared = prepareRecord(new JsonRecord('{"a":1}', later, 'v1'), rules);
    expect(prepared.text).toBe('json:{"a":1}');
    expect(prepared.version).toBe('v1');
    expect(seen).toEqual({ encode: [], encodeJson: ['{"a":1}'] });
  });

  it('encodes the data (parsed from the JSON) where the rules have no encodeJson', () => {
    const { rules, seen } = recordingRules(false);
    expect(prepareRecord(new JsonRecord('{"a":1}', later), rules).text).toBe('data:{"a":1}');
    expect(seen.encode).toEqual([{ a: 1 }]);
  });

  it('still checks the size, the expiry and the version', () => {
    const big = new JsonRecord(JSON.stringify({ blob: 'x'.repeat(100) }), later);
    expect(() => prepareRecord(big, recordingRules(true, 50).rules)).toThrow(SessionTooLargeError);
    expect(() => prepareRecord(new JsonRecord('{}', new Date(Number.NaN)), recordingRules(true).rules)).toThrow(
      SerializationError,
    );
    expect(() => prepareRecord(new JsonRecord('{}', later, ''), recordingRules(true).rules)).toThrow(/version/);
  });

  it('counts the JSON stored as it is once, in UTF-8 bytes, and keeps the count on the record', () => {
    const plain = { ...recordingRules(true).rules, maxDataBytes: 20, encodeJson: (json: string) => json };
    const record = JsonRecord.of({ data: { s: 'ééééé' }, expiresAt: later }, 'kit');
    expect(record.knownByteLength).toBeUndefined();
    expect(prepareRecord(record, plain).bytes).toBe(Buffer.byteLength(record.json));
    expect(record.knownByteLength).toBe(Buffer.byteLength(record.json));
    // 14 characters, 19 bytes: a 16-byte limit refuses it by its bytes, not by its characters.
    expect(() => prepareRecord(record, { ...plain, maxDataBytes: 16 })).toThrow(SessionTooLargeError);
    // Text other than the JSON itself is counted afresh.
    expect(prepareRecord(record, recordingRules(true).rules).bytes).toBe(Buffer.byteLength(`json:${record.json}`));
  });
});

describe('jsonEncoder', () => {
  it('is the codec’s encodeJson where it has one (plain JSON: the JSON itself), else undefined', () => {
    expect(jsonEncoder(plainJsonCodec)?.('{"a":1}')).toBe('{"a":1}');
    expect(jsonEncoder(createSessionCodec({ secret: 'a-secret-of-at-least-thirty-two-bytes!!' }))).toBeUndefined();
  });
});

describe('MemoryEngine and a JsonRecord', () => {
  it('stores the JSON as the record was made, whatever the caller changes after', async () => {
    const engine = new MemoryEngine();
    const data = { a: { b: 1 } };
    const writing = engine.create('jsonrecordkey1', JsonRecord.of({ data, expiresAt: later }, 'kit'));
    data.a.b = 2;
    await writing;
    expect((await engine.load('jsonrecordkey1'))?.data).toEqual({ a: { b: 1 } });
  });
});

describe('JsonRecord.around', () => {
  const inner = JsonRecord.of({ data: { name: 'Zoë', list: [1, 'two'] }, expiresAt: later }, 'kit');

  it('writes the fields then the data as JSON.stringify would, without reading the data again', () => {
    const outer = JsonRecord.around(inner, 'd', { t: 'tag', x: 1_700_000_000_000, v: 'v"1\\' }, later, 'live');
    expect(outer.json).toBe(JSON.stringify({ t: 'tag', x: 1_700_000_000_000, v: 'v"1\\', d: inner.data }));
    expect(outer.version).toBe('live');
    expect(outer.expiresAt).toBe(later);
    expect(JsonRecord.around(inner, 'd', {}, later).json).toBe(JSON.stringify({ d: inner.data }));
  });

  it('counts its UTF-8 bytes when they are first read, not when it is built', () => {
    const fresh = JsonRecord.of({ data: { name: 'ß😀' }, expiresAt: later }, 'kit');
    expect(fresh.byteLength).toBe(Buffer.byteLength(fresh.json));
    const outer = JsonRecord.around(fresh, 'd', { v: 'é' }, later);
    expect(outer.knownByteLength).toBeUndefined();
    expect(outer.byteLength).toBe(Buffer.byteLength(JSON.stringify({ v: 'é', d: fresh.data })));
    expect(outer.knownByteLength).toBe(outer.byteLength);
  });

  it.each([
    ['a number JSON does not keep', { x: Number.NaN }],
    ['an integer beyond 2^53', { x: 2 ** 53 + 2 }],
    ['-0', { x: -0 }],
    ['the data key among the fields', { d: 1 }],
    ['undefined (from a caller without types)', { x: undefined as never }],
    ['null', { x: null as never }],
    ['an object', { x: { a: 1 } as never }],
  ])('refuses %s', (_, fields) => {
    expect(() => JsonRecord.around(inner, 'd', fields, later)).toThrow(SerializationError);
  });
});
