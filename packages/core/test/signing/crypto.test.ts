import { ConfigError } from '../../src/errors.js';
import { constantTimeEqual, saltedHmac, validateFallbacks, validateSecret } from '../../src/signing/crypto.js';

const SECRET = 'k'.repeat(50);

describe('saltedHmac', () => {
  it('matches django.utils.crypto.salted_hmac (sha1 default, sha256)', () => {
    // Values printed by Django 3.2: salted_hmac('salt', 'value', 'secret', ...).hexdigest()
    expect(saltedHmac('salt', 'value', 'secret').toString('hex')).toBe('a82be9ba6efe61405ee8d2e8a3781c37e103360a');
    expect(saltedHmac('salt', 'value', 'secret', 'sha256').toString('hex')).toBe(
      'debaddcd9ecbaab181289870baf8af49b0af0a7050d620d1a63f1e69bd87ceb8',
    );
  });

  it('treats string and UTF-8 bytes alike for value and secret', () => {
    const a = saltedHmac('s', 'héllo', 'sécret', 'sha256');
    const b = saltedHmac('s', Buffer.from('héllo'), Buffer.from('sécret'), 'sha256');
    expect(a.equals(b)).toBe(true);
  });

  it("rejects an unknown algorithm with Django's message", () => {
    expect(() => saltedHmac('s', 'v', 'k', 'whatever')).toThrow(
      new ConfigError("'whatever' is not an algorithm accepted by the hashlib module."),
    );
    expect(() => saltedHmac('s', 'v', 'k', 'toString')).toThrow(ConfigError);
  });
});

describe('constantTimeEqual', () => {
  it('compares equal and different strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('never throws on a length mismatch (timingSafeEqual would)', () => {
    expect(() => constantTimeEqual('short', 'much longer')).not.toThrow();
    expect(constantTimeEqual('short', 'much longer')).toBe(false);
    expect(constantTimeEqual('', 'x')).toBe(false);
    // Same UTF-16 length, different UTF-8 length.
    expect(constantTimeEqual('é', 'e')).toBe(false);
  });

  it('compares UTF-8 bytes, short texts (a kept buffer) and long ones (past 128 UTF-16 units) alike', () => {
    const mac = 'Zh7_q4bm8E0uN3tV9wRkX2cLpY5sJdA1oGiHfT6eQzU';
    for (const repeat of [1, 2, 3, 4]) {
      const text = mac.repeat(repeat); // 43 to 172 units: both sides of the kept buffer's bound
      const changed = `${text.slice(0, -1)}V`;
      expect([text.length, constantTimeEqual(text, text), constantTimeEqual(text, changed)]).toEqual([
        text.length,
        true,
        false,
      ]);
      expect(constantTimeEqual(`${text}x`, text)).toBe(false);
      expect(constantTimeEqual(text, `${text}x`)).toBe(false);
    }
    // Three UTF-8 bytes a unit at most: 128 such units fill the kept buffer's half exactly.
    const wide = '\u20ac'.repeat(128);
    expect(constantTimeEqual(wide, wide)).toBe(true);
    expect(constantTimeEqual(wide, `${'\u20ac'.repeat(127)}\u20ad`)).toBe(false);
    // Each compare writes both texts afresh: a longer earlier text leaves nothing behind.
    expect(constantTimeEqual('ab', 'ab')).toBe(true);
    expect(constantTimeEqual('ab', 'abc')).toBe(false);
    // A lone surrogate is written as U+FFFD, as Buffer.from writes it, so it equals one.
    expect(constantTimeEqual('\ud800', '\ufffd')).toBe(
      Buffer.from('\ud800', 'utf8').equals(Buffer.from('\ufffd', 'utf8')),
    );
  });
});

describe('validateSecret / validateFallbacks', () => {
  it('accepts 32+ byte strings and Uint8Arrays', () => {
    expect(() => validateSecret(SECRET, 'secret')).not.toThrow();
    expect(() => validateSecret(new Uint8Array(32), 'secret')).not.toThrow();
  });

  it.each([
    ['missing', undefined, /mySecret is required/],
    ['null', null, /mySecret is required/],
    ['empty', '', /mySecret must not be empty/],
    ['a number', 42, /mySecret must be a string or a Uint8Array/],
    ['too short', 'x'.repeat(31), /mySecret is too short/],
    ['short bytes', new Uint8Array(31), /mySecret is too short/],
  ])('rejects a secret that is %s, naming the setting', (_name, value, message) => {
    expect(() => validateSecret(value, 'mySecret')).toThrow(ConfigError);
    expect(() => validateSecret(value, 'mySecret')).toThrow(message);
  });

  it('rejects a fallback equal to the primary, as text or bytes', () => {
    expect(() => validateFallbacks(SECRET, ['o'.repeat(40)])).not.toThrow();
    expect(() => validateFallbacks(SECRET, ['o'.repeat(40), SECRET])).toThrow(/fallbackSecrets\[1\] equals/);
    expect(() => validateFallbacks(SECRET, [Buffer.from(SECRET)])).toThrow(ConfigError);
  });

  it('rejects a non-array and weak fallbacks', () => {
    expect(() => validateFallbacks(SECRET, 'nope')).toThrow(ConfigError);
    expect(() => validateFallbacks(SECRET, ['short'])).toThrow(/fallbackSecrets\[0\] is too short/);
  });
});
