import { DEFAULT_KEY_PATTERN, generateSessionKey, hashKey, isValidKey } from '@sessionkit/core/engine';

const rules = { keyPattern: DEFAULT_KEY_PATTERN, minKeyLength: 8, maxKeyLength: 40 };

describe('session keys', () => {
  it('generates 100,000 distinct 32-character [a-z0-9] keys', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 100_000; i++) keys.add(generateSessionKey());
    expect(keys.size).toBe(100_000);
    const malformed = [...keys].filter((key) => !/^[a-z0-9]{32}$/.test(key));
    expect(malformed).toEqual([]);
  });

  it('uses every character of the alphabet, roughly uniformly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) for (const c of generateSessionKey()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(36);
    const expected = (10_000 * 32) / 36;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.1);
  });

  it.each([
    ['12345678', true],
    ['1234567', false],
    ['', false],
    ['a'.repeat(40), true],
    ['a'.repeat(41), false],
    ['abcdefgH', false],
    ['abcd efgh', false],
    ['abcd%2e%2e', false],
    ['abcdefg\n', false],
  ])('isValidKey(%p) is %p', (key, valid) => {
    expect(isValidKey(key, rules)).toBe(valid);
  });

  it('remembers only that a key passed its own pattern and length rules', () => {
    // isValidKey remembers the last key that passed: the same key must still fail another
    // pattern, or lengths outside other rules, and a failing key is never remembered.
    const key = 'abcdefgh12345678';
    expect(isValidKey(key, rules)).toBe(true);
    expect(isValidKey(key, { keyPattern: /^[A-Z]+$/, minKeyLength: 1, maxKeyLength: 40 })).toBe(false);
    expect(isValidKey(key, { ...rules, maxKeyLength: 10 })).toBe(false);
    expect(isValidKey(key, { ...rules, keyPattern: /^[a-z]+$/ })).toBe(false);
    expect(isValidKey(key, rules)).toBe(true);
    expect(isValidKey('ABCDEFGH12345678', rules)).toBe(false);
    expect(isValidKey('ABCDEFGH12345678', rules)).toBe(false);
    const sticky = { ...rules, keyPattern: /^[a-z0-9]+$/y };
    expect(isValidKey(key, sticky)).toBe(true);
    expect(isValidKey(`${key}x`, sticky)).toBe(true);
  });

  it('rejects non-strings', () => {
    expect(isValidKey(undefined, rules)).toBe(false);
    expect(isValidKey(12345678, rules)).toBe(false);
  });

  it('hashes keys to SHA-256 hex', () => {
    expect(hashKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
