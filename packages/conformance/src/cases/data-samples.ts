import type { JsonValue, SessionData } from '@sessionkit/core';

/**
 * Data that must come back exactly: every JSON type, awkward strings, edge numbers. A fresh
 * copy per call, small enough for a 4 KB cookie engine.
 */
export function roundTripSample(maxDataBytes: number): SessionData {
  return {
    ascii: 'plain',
    accents: 'héllo wörld',
    cjk: '日本語のテキスト',
    emoji: '🎉 👩‍👩‍👧 🇫🇷',
    rtl: '\u202Eabc\u202C',
    nul: 'a\u0000b',
    loneSurrogate: '\ud800',
    escapes: '"\'\\</script>\u2028\u2029',
    newlines: 'a\nb\r\nc',
    empty: '',
    numbers: [0, 1, -1, 1.5, -2.25, 1e-21, 1e-7, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
    nested: { a: { b: { c: [1, [2, [3, { d: null }]]] } } },
    emptyObject: {},
    emptyArray: [],
    nothing: null,
    yes: true,
    no: false,
    long: 'x'.repeat(Math.min(10_000, Math.floor(maxDataBytes / 8))),
    '': 'empty key',
    'key with spaces and ü': 1,
    '0': 'numeric-looking key',
    // Keys named like members: engines that call data.hasOwnProperty() or JSON hooks trip on these.
    toJSON: 'not a function',
    hasOwnProperty: 'shadowed',
    save: 1,
  };
}

/** Values JSON cannot carry faithfully; each must be refused with SerializationError. */
export function unserializableValues(): [label: string, value: unknown][] {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  class Point {
    x = 1;
  }
  return [
    ['function', () => 1],
    ['symbol', Symbol('s')],
    ['bigint', BigInt(1)],
    ['undefined', undefined],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['Date', new Date(0)],
    ['Map', new Map([['a', 1]])],
    ['Set', new Set([1])],
    ['class instance', new Point()],
    ['cycle', cycle],
    ['function nested in an object', { ok: 1, deep: { fn: () => 1 } }],
  ];
}

/** A JSON object whose own keys are named like prototype members, as a parser builds it. */
export function prototypeKeyedData(): SessionData {
  return JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}},"plain":1}') as {
    [key: string]: JsonValue;
  };
}
