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
