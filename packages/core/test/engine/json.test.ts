import { assertJsonValue, isJsonValue } from '@sessionkit/core';

// isJsonValue is the allocation-free twin of assertJsonValue: they must agree on every input.
const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;
// A hole on purpose: JSON.stringify would write it as null.
const holey: unknown[] = [1, 2, 3];
delete holey[1];
let deep: unknown = 1;
for (let i = 0; i < 150; i++) deep = [deep];

const inputs: [string, unknown][] = [
  ['a string', 's'],
  ['a finite number', 1.5],
  ['null', null],
  ['nested plain data', { a: [1, { b: 'c' }], d: null }],
  ['a null-prototype object', Object.assign(Object.create(null), { a: 1 })],
  ['NaN', Number.NaN],
  ['undefined', undefined],
  ['a function', () => 1],
  ['a bigint', 1n],
  ['a Date', new Date()],
  ['an array hole', holey],
  ['a nested Map', { m: new Map() }],
  ['a cycle', cyclic],
];

describe('isJsonValue', () => {
  it.each(inputs)('agrees with assertJsonValue on %s', (_label, value) => {
    let asserted = true;
    try {
      assertJsonValue(value);
    } catch {
      asserted = false;
    }
    expect(isJsonValue(value)).toBe(asserted);
  });

  it('gives up on very deep nesting instead of overflowing the stack', () => {
    expect(isJsonValue(deep)).toBe(false);
    expect(() => assertJsonValue(deep)).not.toThrow();
  });
});
