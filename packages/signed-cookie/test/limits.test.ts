import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import {
  b64Encode,
  ConfigError,
  isValidKey,
  SerializationError,
  type SessionRecord,
  SessionTooLargeError,
  TimestampSigner,
} from '@sessionkit/core';
import {
  createSignedCookieEngine,
  DEFAULT_COMPRESS_THRESHOLD,
  DJANGO_SIGNED_COOKIES_SALT,
  MAX_COOKIE_BYTES,
} from '@sessionkit/signed-cookie';
import { OLD_SECRET, rig, SECRET } from './support/fixtures.js';
import { expectRefused, lastReason } from './support/tamper.js';

describe('S-12 decompression bomb', () => {
  test('a correctly signed payload that inflates past the limit is refused, after the MAC check', async () => {
    const r = rig();
    // 2 MB of JSON: past the default 256 KiB bound, yet about 2 KB deflated.
    const bomb = Buffer.from(`{"pad":"${'0'.repeat(2_000_000)}"}`);
    const signer = new TimestampSigner({ key: SECRET, salt: DJANGO_SIGNED_COOKIES_SALT, clock: r.clock });
    const value = signer.sign(`.${b64Encode(deflateSync(bomb))}`);
    expect(value.length).toBeLessThan(MAX_COOKIE_BYTES); // it fits in a cookie
    await expectRefused(r, value);
    expect(lastReason(r)).toBe('decompression-limit');
  });

  test('the same bomb under a wrong MAC is refused as a bad signature (never inflated)', async () => {
    const r = rig();
    const signer = new TimestampSigner({ key: OLD_SECRET, salt: DJANGO_SIGNED_COOKIES_SALT, clock: r.clock });
    await expectRefused(r, signer.sign(`.${b64Encode(deflateSync(Buffer.alloc(1_000_000)))}`));
    expect(lastReason(r)).toBe('bad-signature');
  });

  test('data the engine could not read back is refused at save', async () => {
    const r = rig({ maxDecompressedBytes: 8192 });
    await expect(r.seal({ pad: '0'.repeat(9000) })).rejects.toBeInstanceOf(SessionTooLargeError);
    expect(await r.engine.load(await r.seal({ pad: '0'.repeat(8000) }))).not.toBeNull();
  });

  test('a zlib stream that does not inflate is refused', async () => {
    const r = rig();
    const signer = new TimestampSigner({ key: SECRET, salt: DJANGO_SIGNED_COOKIES_SALT, clock: r.clock });
    await expectRefused(r, signer.sign(`.${b64Encode(Buffer.from('not zlib at all'))}`));
    expect(lastReason(r)).toBe('undecodable');
  });
});

describe('S-13 weak secret configuration fails at start-up, naming the setting', () => {
  test.each([
    ['missing', { secret: undefined }, /secret is required/],
    ['empty', { secret: '' }, /secret must not be empty/],
    ['short', { secret: 'x'.repeat(31) }, /secret is too short/],
    ['not text or bytes', { secret: 42 }, /secret must be a string or a Uint8Array/],
    ['short fallback', { fallbackSecrets: ['short'] }, /fallbackSecrets\[0\] is too short/],
    ['fallback equal to the primary', { fallbackSecrets: [SECRET] }, /fallbackSecrets\[0\] equals the primary/],
    ['fallbacks not an array', { fallbackSecrets: OLD_SECRET }, /fallbackSecrets must be an array/],
    ['bad maxAge', { maxAge: 0 }, /maxAge/],
    ['bad cookie name', { cookieName: 'a b' }, /cookieName/],
    ['bad decompression bound', { maxDecompressedBytes: Number.POSITIVE_INFINITY }, /maxDecompressedBytes/],
    ['a clock without now()', { clock: {} }, /clock must have a now\(\) method/],
    ['a clock that is a number', { clock: 0 }, /clock must have a now\(\) method/],
  ])('%s', (_name, override, message) => {
    const make = () => createSignedCookieEngine({ secret: SECRET, ...override } as never);
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
  });

  test('32 bytes of secret, as text or bytes, are enough', () => {
    expect(() => createSignedCookieEngine({ secret: 'x'.repeat(32) })).not.toThrow();
    expect(() => createSignedCookieEngine({ secret: randomBytes(32), encrypt: true })).not.toThrow();
  });
});

describe('size policy: name and value within 4096 bytes', () => {
  /** Incompressible data whose sealed value is `length` characters or just under. */
  async function valueOfLength(length: number): Promise<string> {
    const r = rig({ compress: false, cookieName: 'a' });
    const pad = randomBytes(4000).toString('base64url');
    let lo = 0;
    let hi = pad.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const sealed = await r.seal({ p: pad.slice(0, mid) }).catch(() => null);
      if (sealed !== null && sealed.length <= length) lo = mid;
      else hi = mid - 1;
    }
    return r.seal({ p: pad.slice(0, lo) });
  }

  test('exactly 4096 bytes is issued and reads back; 4097 throws SessionTooLargeError', async () => {
    const value = await valueOfLength(4000);
    const cookieName = 's'.repeat(MAX_COOKIE_BYTES - value.length);
    const data = { p: (await rig({ cookieName: 'a' }).engine.load(value))?.data.p ?? '' };
    const exact = rig({ compress: false, cookieName });
    const issued = await exact.seal(data);
    expect(cookieName.length + issued.length).toBe(MAX_COOKIE_BYTES);
    expect(isValidKey(issued, exact.engine.capabilities)).toBe(true);
    expect((await exact.engine.load(issued))?.data).toEqual(data);

    const over = rig({ compress: false, cookieName: `${cookieName}s` });
    await expect(over.seal(data)).rejects.toThrow(SessionTooLargeError);
    await expect(over.seal(data)).rejects.toThrow(/4097 bytes/);
  });

  test('the size error names no data', async () => {
    const r = rig();
    const error = await r.seal({ secretNote: randomBytes(4000).toString('base64') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionTooLargeError);
    expect(String((error as Error).message)).not.toMatch(/secretNote/);
  });

  test('capabilities declare the limit for the configured cookie name', () => {
    const { capabilities } = createSignedCookieEngine({ secret: SECRET, cookieName: 'sid' });
    expect(capabilities.maxKeyLength).toBe(MAX_COOKIE_BYTES - 3);
    expect(capabilities.maxDataBytes).toBe(MAX_COOKIE_BYTES - 3);
    expect(isValidKey('x'.repeat(MAX_COOKIE_BYTES - 2), capabilities)).toBe(false);
  });
});

describe('compression pays or is skipped', () => {
  test('by default, sessions whose plain cookie fits are not compressed', async () => {
    expect(DEFAULT_COMPRESS_THRESHOLD).toBe(Number.POSITIVE_INFINITY);
    const r = rig();
    for (const data of [{ note: 'lorem ipsum '.repeat(20) }, { note: 'lorem ipsum '.repeat(100) }]) {
      const value = await r.seal(data);
      expect(value.startsWith('.')).toBe(false);
      expect((await r.engine.load(value))?.data).toEqual(data);
    }
  });

  test('from compressThreshold, compressible sessions are compressed even when they fit', async () => {
    const r = rig({ compressThreshold: 512 });
    const data = { note: 'lorem ipsum '.repeat(100) };
    const value = await r.seal(data);
    expect(value.startsWith('.')).toBe(true);
    expect((await r.engine.load(value))?.data).toEqual(data);
  });

  test('large compressible sessions are compressed, and read back', async () => {
    const r = rig();
    // 4.8 KB of JSON: the plain cookie would not fit.
    const data = { note: 'lorem ipsum '.repeat(400) };
    const value = await r.seal(data);
    expect(value.startsWith('.')).toBe(true);
    expect(value.length).toBeLessThan(300);
    expect((await r.engine.load(value))?.data).toEqual(data);
  });

  test('the compressed form is kept only when the cookie comes out shorter', async () => {
    const r = rig({ compressThreshold: 0 });
    const value = await r.seal({ a: 1 }); // zlib would add bytes here
    expect(value.startsWith('.')).toBe(false);
  });

  test('below the threshold, compression is still tried when the plain cookie would not fit', async () => {
    const data = { note: 'abc '.repeat(1000) };
    const r = rig({ compressThreshold: Number.POSITIVE_INFINITY });
    const value = await r.seal(data);
    expect(value.startsWith('.')).toBe(true);
    await expect(rig({ compress: false }).seal(data)).rejects.toBeInstanceOf(SessionTooLargeError);
  });
});

describe('data that is not a plain object', () => {
  test.each([
    ['an array', [1, 2]],
    ['a string', 'text'],
    ['null', null],
  ])('is refused with SerializationError before anything is sealed: %s', async (_, data) => {
    for (const encrypt of [false, true]) {
      const engine = createSignedCookieEngine({ secret: SECRET, encrypt });
      const record = { data, expiresAt: new Date(Date.now() + 60_000) } as unknown as SessionRecord;
      await expect(engine.create('', record)).rejects.toThrow(SerializationError);
      await expect(engine.update('', record)).rejects.toThrow('data must be a plain object');
    }
  });
});
