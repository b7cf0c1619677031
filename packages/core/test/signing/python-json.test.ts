import { SerializationError } from '../../src/errors.js';
import type { JsonValue } from '../../src/engine/types.js';
import { pythonJsonDumps, pythonJsonLoads } from '../../src/signing/python-json.js';
import { pythonNumber } from '../../src/signing/python-numbers.js';

describe('pythonJsonDumps', () => {
  it('uses compact separators', () => {
    expect(pythonJsonDumps({ a: [1, 'b', null, true, false], c: {} })).toBe('{"a":[1,"b",null,true,false],"c":{}}');
  });

  it('escapes non-ASCII as lowercase \\uXXXX, astral characters as surrogate pairs', () => {
    // json.dumps(["héllo ☃ 𝄞", "\x7f", "\u2028"], separators=(",", ":"))
    expect(pythonJsonDumps(['héllo ☃ 𝄞', '\u007f', '\u2028'])).toBe(
      '["h\\u00e9llo \\u2603 \\ud834\\udd1e","\\u007f","\\u2028"]',
    );
    expect(pythonJsonDumps({ ключ: 'é' })).toBe('{"\\u043a\\u043b\\u044e\\u0447":"\\u00e9"}');
  });

  it('finds each difference from Python alone in otherwise plain text (the fast path must not skip it)', () => {
    expect(pythonJsonDumps({ a: 'plain \u007f' })).toBe('{"a":"plain \\u007f"}');
    expect(pythonJsonDumps({ a: 'plain \u0080' })).toBe('{"a":"plain \\u0080"}');
    expect(pythonJsonDumps({ a: 'plain \u00ff' })).toBe('{"a":"plain \\u00ff"}');
    expect(pythonJsonDumps({ a: 'plain \ud800' })).toBe('{"a":"plain \\ud800"}');
    expect(pythonJsonDumps({ a: 'plain', n: 0.00005 })).toBe('{"a":"plain","n":5e-05}');
    expect(pythonJsonDumps({ a: 'plain', n: 1.5e-7 })).toBe('{"a":"plain","n":1.5e-07}');
  });

  it('escapes control characters as Python does and keeps lone surrogates lowercase', () => {
    expect(pythonJsonDumps('\u0000\b\f\n\r\t"\\/')).toBe('"\\u0000\\b\\f\\n\\r\\t\\"\\\\/"');
    expect(pythonJsonDumps('\ud800x\uDFFF')).toBe('"\\ud800x\\udfff"');
  });

  it("spells floats as Python's repr", () => {
    // json.dumps([1e-05, 1e-07, 0.0001, 1.5e-300, 1e+21, 0.5, -2.5e-06])
    expect(pythonJsonDumps([1e-5, 1e-7, 0.0001, 1.5e-300, 1e21, 0.5, -2.5e-6])).toBe(
      '[1e-05,1e-07,0.0001,1.5e-300,1e+21,0.5,-2.5e-06]',
    );
  });

  it('with tinyNumbers false, still escapes non-ASCII and still spells the numbers of pythonNumber markers', () => {
    expect(pythonJsonDumps({ a: 'é', n: 0.5 }, false)).toBe('{"a":"\\u00e9","n":0.5}');
    expect(pythonJsonDumps({ a: 'plain', n: pythonNumber('0.00001') }, false)).toBe('{"a":"plain","n":1e-05}');
    expect(pythonJsonDumps({ n: pythonNumber('12345678901234567890') }, false)).toBe('{"n":12345678901234567890}');
  });

  it('does not touch number-like text inside strings', () => {
    expect(pythonJsonDumps(['0.00001', '1e-7'])).toBe('["0.00001","1e-7"]');
  });

  it('throws SerializationError for what JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => pythonJsonDumps(cyclic as unknown as JsonValue)).toThrow(SerializationError);
    expect(() => pythonJsonDumps(undefined as unknown as JsonValue)).toThrow(SerializationError);
    expect(() => pythonJsonDumps(10n as unknown as JsonValue)).toThrow(SerializationError);
  });
});

describe('pythonJsonLoads', () => {
  it('reads what pythonJsonDumps writes', () => {
    const value = { s: 'héllo ☃ 𝄞', n: [1, 2.5, 1e-7], o: { x: null } };
    expect(pythonJsonLoads(Buffer.from(pythonJsonDumps(value), 'latin1'))).toEqual(value);
  });

  it('throws SerializationError on invalid JSON', () => {
    expect(() => pythonJsonLoads(Buffer.from('{nope'))).toThrow(SerializationError);
    expect(() => pythonJsonLoads(Buffer.from('[1,]'))).toThrow(SerializationError);
  });

  it("keeps Python's numbers JS would change as pythonNumber markers, counted, and writes them back", () => {
    const text = '{"big":18446744073709551616,"l":[NaN,Infinity,-Infinity,-0.0,1e+16,-0,9007199254740991],"s":"NaN 12345678901234567890"}';
    const counts: number[] = [];
    const value = pythonJsonLoads(Buffer.from(text, 'latin1'), (n) => counts.push(n));
    expect(value).toEqual({
      big: { $pythonNumber: '18446744073709551616' },
      l: [
        { $pythonNumber: 'NaN' },
        { $pythonNumber: 'Infinity' },
        { $pythonNumber: '-Infinity' },
        { $pythonNumber: '-0.0' },
        { $pythonNumber: '1e+16' },
        { $pythonNumber: '-0' },
        9007199254740991,
      ],
      s: 'NaN 12345678901234567890',
    });
    expect(counts).toEqual([7]);
    expect(pythonJsonDumps(value as JsonValue)).toBe(text);
  });

  it('a marker-shaped object that is not exactly one number key stays an object', () => {
    const value = { a: { $pythonNumber: '12', b: 1 }, c: { $pythonNumber: '1; drop' }, d: { $pythonNumber: 5 } };
    expect(pythonJsonDumps(value)).toBe(JSON.stringify(value));
  });

  it('refuses nesting deeper than MAX_DECODE_DEPTH before parsing, iteratively', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(() => pythonJsonLoads(Buffer.from(deep(1000)))).not.toThrow();
    expect(() => pythonJsonLoads(Buffer.from(deep(1001)))).toThrow('JSON nests deeper than 1000 levels');
    expect(() => pythonJsonLoads(Buffer.from(deep(200_000)))).toThrow(SerializationError);
  });
});
