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
