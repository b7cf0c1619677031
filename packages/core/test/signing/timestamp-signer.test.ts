import type { Clock } from '../../src/clock.js';
import { BadSignatureError, ConfigError, SerializationError, SignatureExpiredError } from '../../src/errors.js';
import { dumps, loads } from '../../src/signing/dumps.js';
import { Signer, TimestampSigner } from '../../src/signing/signer.js';

/** A clock the test moves by hand; seconds in, milliseconds out. */
function fakeClock(seconds: number): Clock & { set(s: number): void } {
  let now = seconds * 1000;
  return { now: () => now, set: (s) => (now = s * 1000) };
}

describe('TimestampSigner (Django TestTimestampSigner)', () => {
  it('test_timestamp_signer', () => {
    const value = 'hello';
    const clock = fakeClock(123456789);
    const signer = new TimestampSigner({ key: 'predictable-key', clock });
    const ts = signer.sign(value);
    expect(ts).not.toBe(new Signer({ key: 'predictable-key' }).sign(value));
    // Printed by Django 3.2 with time.time patched to 123456789.
    expect(ts).toBe('hello:8M0kX:0pJB1_TN9Bno2aK29thnZKKHn76ngzcQVnIrp_DNs5M');
    expect(signer.unsign(ts)).toBe(value);

    clock.set(123456800);
    expect(signer.unsign(ts, { maxAge: 12 })).toBe(value);
    expect(signer.unsign(ts, { maxAge: 11 })).toBe(value); // age > max_age is strict
    expect(() => signer.unsign(ts, { maxAge: 10 })).toThrow(SignatureExpiredError);
    expect(() => signer.unsign(ts, { maxAge: 10 })).toThrow('Signature age 11 > 10 seconds');
  });

  it('counts fractional seconds of the clock, as time.time()', () => {
    const clock = fakeClock(1000);
    const signer = new TimestampSigner({ key: 'k', clock });
    const signed = signer.sign('v');
    clock.set(1010.5);
    expect(() => signer.unsign(signed, { maxAge: 10 })).toThrow(SignatureExpiredError);
  });

  it('returns the signing instant', () => {
    const signer = new TimestampSigner({ key: 'k', clock: fakeClock(1700000000.9) });
    const signed = signer.sign('v');
    expect(signed.split(':')[1]).toBe('1r31eq');
    expect(signer.unsignWithTimestamp(signed)).toEqual({ value: 'v', timestamp: 1700000000 });
    const obj = signer.signObject({ a: 1 });
    expect(signer.unsignObjectWithTimestamp(obj)).toEqual({ value: { a: 1 }, timestamp: 1700000000 });
  });

  it('checks the signature before the timestamp, and a missing timestamp is not BadSignature', () => {
    const plain = new Signer({ key: 'k', salt: 'django.core.signing.TimestampSigner' });
    const signer = new TimestampSigner({ key: 'k' });
    expect(() => signer.unsign(plain.sign('no-timestamp'))).toThrow(SerializationError);
    expect(() => signer.unsign(plain.sign('bad:!!'))).toThrow(SerializationError);
    expect(() => signer.unsign('v:1r31eq:forged')).toThrow(BadSignatureError);
  });

  it('rejects a non-finite maxAge before verifying', () => {
    const signer = new TimestampSigner({ key: 'k' });
    expect(() => signer.unsign('junk', { maxAge: Number.NaN })).toThrow(ConfigError);
  });

  it('applies the timestamp and maxAge to signed objects', () => {
    const clock = fakeClock(5000);
    const signer = new TimestampSigner({ key: 'k', clock });
    const signed = signer.signObject({ a: 'b' }, { compress: true });
    expect(signed.split(':')).toHaveLength(3);
    clock.set(5100);
    expect(signer.unsignObject(signed, { maxAge: 100 })).toEqual({ a: 'b' });
    expect(() => signer.unsignObject(signed, { maxAge: 99 })).toThrow(SignatureExpiredError);
  });
});

describe('dumps / loads (Django test_dumps_loads, test_decode_detects_tampering)', () => {
  const key = 'predictable-key';

  it('matches Django byte for byte at a frozen clock', () => {
    const clock = fakeClock(123456789);
    // Printed by Django 3.2: signing.dumps(..., key='predictable-key') with time.time patched.
    expect(dumps({ foo: 'bar', baz: 1 }, { key, clock })).toBe(
      'eyJmb28iOiJiYXIiLCJiYXoiOjF9:8M0kX:EBc3XyFiMGPwJhgU-A8mWrEhA0lTkuhC4LEyuRLREy0',
    );
    expect(dumps({ a: 'x'.repeat(300) }, { key, clock, compress: true })).toBe(
      '.eJyrVkpUslKqGAVEA6VaAJKUjrw:8M0kX:_ZEiwZ3KxhP9E63RFV2lYbexEP87O-zgTLopwLyWUz0',
    );
  });

  it('round-trips, with and without compress', () => {
    const objects = [['a', 'list'], 'a string \u2019', { a: 'dictionary' }];
    for (const obj of objects) {
      expect(loads(dumps(obj, { key }), { key })).toEqual(obj);
      expect(loads(dumps(obj, { key, compress: true }), { key })).toEqual(obj);
    }
  });

  it.each([
    ['upper()', (s: string) => s.toUpperCase()],
    ['+ "a"', (s: string) => `${s}a`],
    ['"a" + s[1:]', (s: string) => `a${s.slice(1)}`],
    ['remove ":"', (s: string) => s.replaceAll(':', '')],
  ])('detects tampering: %s', (_name, transform) => {
    const value = { foo: 'bar', baz: 1 };
    const encoded = dumps(value, { key });
    expect(loads(encoded, { key })).toEqual(value);
    expect(() => loads(transform(encoded), { key })).toThrow(BadSignatureError);
  });

  it('honours salt, maxAge and fallback keys', () => {
    const clock = fakeClock(1000);
    const old = dumps('x', { key: 'old-key', salt: 'app', clock });
    expect(() => loads(old, { key: 'new-key', salt: 'app' })).toThrow(BadSignatureError);
    expect(loads(old, { key: 'new-key', salt: 'app', fallbackKeys: ['old-key'] })).toBe('x');
    expect(() => loads(old, { key: 'old-key' })).toThrow(BadSignatureError);
    clock.set(1061);
    expect(() => loads(old, { key: 'old-key', salt: 'app', maxAge: 60, clock })).toThrow(SignatureExpiredError);
  });
});
