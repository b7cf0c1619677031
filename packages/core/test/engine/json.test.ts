import { SerializationError } from '@sessionkit/core';
import { assertJsonValue, isJsonValue, JsonNumbers, jsonValueNumbers, MAX_JSON_DEPTH } from '@sessionkit/core/engine';

/** `levels` arrays nested in one another around a 1. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

/** The SerializationError assertJsonValue throws for `value`, or null when it accepts it. */
function refusal(value: unknown, path?: string): SerializationError | null {
  try {
    assertJsonValue(value, path);
    return null;
  } catch (error) {
    if (error instanceof SerializationError) return error;
    throw error;
  }
}

const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;
// A hole on purpose: JSON.stringify would write it as null.
const holey: unknown[] = [1, 2, 3];
delete holey[1];
const shared = { s: 1 };

const accepted: [string, unknown][] = [
  ['a string', 's'],
  ['a finite number', 1.5],
  ['the largest safe integer', Number.MAX_SAFE_INTEGER],
  ['the smallest safe integer', -Number.MAX_SAFE_INTEGER],
  ['0', 0],
  ['null', null],
  ['nested plain data', { a: [1, { b: 'c' }], d: null }],
  ['a null-prototype object', Object.assign(Object.create(null), { a: 1 })],
  ['one object shared by two keys (not a cycle)', { a: shared, b: [shared] }],
  [`nesting of exactly MAX_JSON_DEPTH (${MAX_JSON_DEPTH}) levels`, nested(MAX_JSON_DEPTH)],
];

const refused: [string, unknown, string][] = [
  ['NaN', Number.NaN, 'value is NaN'],
  ['Infinity', Number.POSITIVE_INFINITY, 'value is Infinity'],
  ['-Infinity', Number.NEGATIVE_INFINITY, 'value is -Infinity'],
  ['-0', -0, 'value is -0'],
  ['2^53', 2 ** 53, 'value is 9007199254740992, an integer beyond 2^53'],
  ['-(2^53)', -(2 ** 53), 'value is -9007199254740992, an integer beyond 2^53'],
  ['1e300 (an integer as a double)', 1e300, 'beyond 2^53'],
  ['undefined', undefined, 'value is a undefined'],
  ['a function', () => 1, 'value is a function'],
  ['a symbol', Symbol('s'), 'value is a symbol'],
  ['a bigint', 1n, 'value is a bigint'],
  ['a Date', new Date(), 'value is a Date'],
  ['an array hole', holey, 'value[1] is a undefined'],
  ['a nested Map', { m: new Map() }, 'value.m is a Map'],
  ['a cycle', cyclic, 'value.self is a circular reference'],
  ['a deep bad number', { a: [{ b: [0, -0] }] }, 'value.a[0].b[1] is -0'],
  [`nesting of ${MAX_JSON_DEPTH + 1} levels`, nested(MAX_JSON_DEPTH + 1), `nests deeper than ${MAX_JSON_DEPTH} levels`],
];

describe('assertJsonValue', () => {
  it.each(accepted)('accepts %s', (_label, value) => {
    expect(refusal(value)).toBeNull();
  });

  it.each(refused)('refuses %s with SerializationError naming the path', (_label, value, message) => {
    expect(refusal(value)?.message).toContain(message);
  });

  it('starts the path at the name given', () => {
    expect(refusal({ n: Number.NaN }, 'data')?.message).toBe('data.n is NaN, which JSON cannot represent');
  });

  it('names the path of a too-deep value down to the level that passes the limit', () => {
    const message = refusal({ deep: nested(MAX_JSON_DEPTH) })?.message ?? '';
    expect(message).toMatch(/^value\.deep(\[0\]){999} nests deeper than 1000 levels$/);
  });

  it('refuses a 10,000-deep value with SerializationError, not a stack overflow', () => {
    const deep = nested(10_000);
    expect(() => assertJsonValue(deep)).toThrow(SerializationError);
    expect(isJsonValue(deep)).toBe(false);
  });

  it('refuses a 10,000-deep object chain too', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    expect(() => assertJsonValue(deep)).toThrow(SerializationError);
  });

  it('refuses a wide cycle without exploring every path', () => {
    const wide: unknown[] = [];
    wide.push(wide, wide, wide);
    expect(isJsonValue(wide)).toBe(false);
    expect(refusal(wide)?.message).toBe('value[0] is a circular reference');
  });
});

describe('isJsonValue', () => {
  const everything: [string, unknown][] = [
    ...accepted,
    ...refused.map(([label, value]): [string, unknown] => [label, value]),
  ];

  it.each(everything)('agrees with assertJsonValue on %s', (_label, value) => {
    expect(isJsonValue(value)).toBe(refusal(value) === null);
  });

  it('ignores enumerable keys inherited from a polluted Object.prototype, as JSON.stringify does', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = () => undefined;
    try {
      expect(isJsonValue({ a: 1, b: [{ c: 'd' }] })).toBe(true);
      expect(isJsonValue({ a: -0 })).toBe(false);
    } finally {
      delete proto.polluted;
    }
  });
});

describe('jsonValueNumbers', () => {
  const everything: [string, unknown][] = [
    ...accepted,
    ...refused.map(([label, value]): [string, unknown] => [label, value]),
  ];

  it.each(everything)('agrees with isJsonValue on %s', (_label, value) => {
    expect(jsonValueNumbers(value) !== JsonNumbers.notStorable).toBe(isJsonValue(value));
  });

  it('tells noTinyNumbers only when no number lies strictly between 0 and 1e-4 in magnitude', () => {
    expect(jsonValueNumbers({})).toBe(JsonNumbers.noTinyNumbers);
    expect(jsonValueNumbers({ a: [0, 1e-4, -1e-4, 0.5, 7, 'e-7', '0.00001'] })).toBe(JsonNumbers.noTinyNumbers);
    expect(jsonValueNumbers({ a: 0.00005 })).toBe(JsonNumbers.storable);
    expect(jsonValueNumbers({ a: [{ b: [1, -2.5e-9] }] })).toBe(JsonNumbers.storable);
    expect(jsonValueNumbers(Number.MIN_VALUE)).toBe(JsonNumbers.storable);
    // A tiny number seen by one call is forgotten by the next.
    expect(jsonValueNumbers({ a: 1 })).toBe(JsonNumbers.noTinyNumbers);
    // A tiny number next to a refused one: refused.
    expect(jsonValueNumbers({ a: 1e-5, b: -0 })).toBe(JsonNumbers.notStorable);
  });

  it('says only storable when the quick walk could not clear the value', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = () => undefined;
    try {
      expect(jsonValueNumbers({ a: 1 })).toBe(JsonNumbers.storable);
    } finally {
      delete proto.polluted;
    }
  });
});
