import type { Clock } from '../../src/clock.js';
import { ConfigError, SerializationError } from '../../src/errors.js';
import { SECURITY_LOGGER } from '../../src/logger.js';
import { dumps } from '../../src/signing/dumps.js';
import { b64Encode } from '../../src/signing/encoding.js';
import {
  createSessionCodec,
  DEFAULT_SESSION_COMPRESS_THRESHOLD,
  DJANGO_SESSION_SALT,
  plainJsonCodec,
} from '../../src/signing/session-codec.js';
import { Signer, TimestampSigner } from '../../src/signing/signer.js';

const SECRET = 's'.repeat(50);
const OLD_SECRET = 'o'.repeat(50);
const frozen: Clock = { now: () => 123456789_000 };

function recordingLogger() {
  const calls: Array<{ level: string; message: string; meta?: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (message: string, meta?: Record<string, unknown>): void => {
      calls.push({ level, message, meta });
    };
  return { calls, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('createSessionCodec', () => {
  it('with compress: true, encodes as signing.dumps(data, salt=SessionStore, compress=True)', () => {
    const codec = createSessionCodec({ secret: SECRET, clock: frozen, compress: true });
    const data = { a: 'x'.repeat(300), n: 1 };
    const encoded = codec.encode(data);
    expect(encoded).toBe(dumps(data, { key: SECRET, salt: DJANGO_SESSION_SALT, compress: true, clock: frozen }));
    expect(encoded.startsWith('.')).toBe(true);
    expect(codec.decode(encoded)).toEqual(data);
  });

  it("writes the same text when told the data holds no tiny number; tiny numbers keep Python's spelling unless it is told so", () => {
    const codec = createSessionCodec({ secret: SECRET, clock: frozen });
    const data = { a: 'é', n: [1, 0.5, 1e-4] };
    expect(codec.encode(data, false)).toBe(codec.encode(data));
    const tiny = { n: 0.00005 };
    expect(codec.encode(tiny, true)).toBe(dumps(tiny, { key: SECRET, salt: DJANGO_SESSION_SALT, clock: frozen }));
    expect(codec.encode(tiny)).toBe(codec.encode(tiny, true));
    const payload = Buffer.from(codec.encode(tiny).split(':')[0] ?? '', 'base64url').toString('latin1');
    expect(payload).toBe('{"n":5e-05}');
  });

  it('by default compresses only from DEFAULT_SESSION_COMPRESS_THRESHOLD JSON bytes', () => {
    expect(DEFAULT_SESSION_COMPRESS_THRESHOLD).toBe(4096);
    const codec = createSessionCodec({ secret: SECRET, clock: frozen });
    const small = { a: 'x'.repeat(300), n: 1 };
    const encodedSmall = codec.encode(small);
    expect(encodedSmall).toBe(dumps(small, { key: SECRET, salt: DJANGO_SESSION_SALT, clock: frozen }));
    expect(codec.decode(encodedSmall)).toEqual(small);
    const justBelow = { a: 'x'.repeat(4096 - 9) }; // JSON '{"a":"…"}' is 4095 bytes
    expect(codec.encode(justBelow).startsWith('.')).toBe(false);
    const atThreshold = { a: 'x'.repeat(4096 - 8) }; // 4096 bytes
    const encodedLarge = codec.encode(atThreshold);
    expect(encodedLarge).toBe(
      dumps(atThreshold, { key: SECRET, salt: DJANGO_SESSION_SALT, compress: true, clock: frozen }),
    );
    expect(encodedLarge.startsWith('.')).toBe(true);
    expect(codec.decode(encodedLarge)).toEqual(atThreshold);
  });

  it('takes a compressThreshold, and compress: false never compresses', () => {
    const data = { a: 'x'.repeat(300) };
    expect(createSessionCodec({ secret: SECRET, compressThreshold: 200 }).encode(data).startsWith('.')).toBe(true);
    expect(createSessionCodec({ secret: SECRET, compressThreshold: 400 }).encode(data).startsWith('.')).toBe(false);
    const big = { a: 'x'.repeat(10_000) };
    expect(createSessionCodec({ secret: SECRET, compress: false }).encode(big).startsWith('.')).toBe(false);
    expect(
      createSessionCodec({ secret: SECRET, compress: true, compressThreshold: 400 }).encode(data).startsWith('.'),
    ).toBe(false);
    for (const bad of [-1, Number.NaN, '1']) {
      expect(() => createSessionCodec({ secret: SECRET, compressThreshold: bad as number })).toThrow(ConfigError);
    }
    expect(() => createSessionCodec({ secret: SECRET, compress: 'yes' as unknown as boolean })).toThrow(ConfigError);
  });

  it('round-trips non-ASCII and nested data, and ignores the timestamp age (no max_age)', () => {
    const data = { text: 'héllo ☃ 𝄞', nested: { list: [1, 2.5, null, true, { deep: 'é' }] } };
    const encoded = createSessionCodec({ secret: SECRET, clock: { now: () => 0 } }).encode(data);
    expect(createSessionCodec({ secret: SECRET }).decode(encoded)).toEqual(data);
  });

  it('decodes data signed under a fallback secret, and signs with the primary', () => {
    const old = createSessionCodec({ secret: OLD_SECRET, clock: frozen }).encode({ k: 'v' });
    const rotated = createSessionCodec({ secret: SECRET, fallbackSecrets: [OLD_SECRET], clock: frozen });
    expect(rotated.decode(old)).toEqual({ k: 'v' });
    expect(rotated.encode({ k: 'v' })).toBe(createSessionCodec({ secret: SECRET, clock: frozen }).encode({ k: 'v' }));
    expect(createSessionCodec({ secret: SECRET }).decode(old)).toBeNull();
  });

  it('tampered data → null and exactly one security warning carrying no key or data', () => {
    const { calls, logger } = recordingLogger();
    const codec = createSessionCodec({ secret: SECRET, logger });
    const encoded = codec.encode({ secretData: 'hunter2' });
    const tampered = `${encoded.slice(0, -2)}AA`;
    expect(codec.decode(tampered)).toBeNull();
    expect(calls).toEqual([{ level: 'warn', message: 'Session data corrupted', meta: { logger: SECURITY_LOGGER } }]);
    const logged = JSON.stringify(calls);
    for (const leak of [tampered, tampered.split(':')[2], 'hunter2', SECRET]) expect(logged).not.toContain(leak);
  });

  it('an undecodable but verified value → null, with a warning naming why (never the data)', () => {
    const { calls, logger } = recordingLogger();
    const codec = createSessionCodec({ secret: SECRET, logger });
    const signer = new TimestampSigner({ key: SECRET, salt: DJANGO_SESSION_SALT });
    const noTimestamp = new Signer({ key: SECRET, salt: DJANGO_SESSION_SALT }).sign(b64Encode(Buffer.from('{}')));
    const cases = [
      signer.sign('!!!'), // bad base64
      signer.sign(`.${b64Encode(Buffer.from('not zlib'))}`), // bad zlib
      signer.sign(b64Encode(Buffer.from('{nope'))), // bad JSON
      noTimestamp, // missing timestamp
      signer.signObject(['a', 'list']), // not an object
      signer.signObject('a string'),
      signer.signObject(null),
    ];
    for (const text of cases) expect(codec.decode(text)).toBeNull();
    // Not a security event (the MAC verified), so no SECURITY_LOGGER tag; a non-object is silent.
    expect(calls.map((call) => call.message)).toEqual([
      'Session data undecodable: Signed payload is not valid base64url',
      'Session data undecodable: Signed payload does not decompress within the size limit',
      'Session data undecodable: Signed payload is not valid JSON',
      'Session data undecodable: Signed value has no timestamp',
    ]);
  });

  it('non-string input → null', () => {
    const codec = createSessionCodec({ secret: SECRET });
    expect(codec.decode(undefined as unknown as string)).toBeNull();
    expect(codec.decode(Buffer.from('x') as unknown as string)).toBeNull();
  });

  it('decoded "__proto__" stays an own property and pollutes nothing', () => {
    const codec = createSessionCodec({ secret: SECRET });
    const signer = new TimestampSigner({ key: SECRET, salt: DJANGO_SESSION_SALT });
    const payload = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';
    const decoded = codec.decode(signer.sign(b64Encode(Buffer.from(payload))));
    expect(decoded).not.toBeNull();
    expect(Object.hasOwn(decoded ?? {}, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('validates the secret and the fallbacks at creation', () => {
    expect(() => createSessionCodec({ secret: 'short' })).toThrow(ConfigError);
    expect(() => createSessionCodec({ secret: '' })).toThrow(/secret must not be empty/);
    expect(() => createSessionCodec({ secret: SECRET, fallbackSecrets: [SECRET] })).toThrow(ConfigError);
    expect(() => createSessionCodec({ secret: SECRET, fallbackSecrets: ['weak'] })).toThrow(ConfigError);
  });

  it('can skip compression and use another salt', () => {
    const codec = createSessionCodec({ secret: SECRET, compress: false, salt: 'other', clock: frozen });
    const encoded = codec.encode({ a: 'x'.repeat(300) });
    expect(encoded.startsWith('.')).toBe(false);
    expect(codec.decode(encoded)).toEqual({ a: 'x'.repeat(300) });
    expect(createSessionCodec({ secret: SECRET }).decode(encoded)).toBeNull();
  });
});

describe('plainJsonCodec', () => {
  it('round-trips objects and rejects everything else', () => {
    expect(plainJsonCodec.decode(plainJsonCodec.encode({ a: [1, 'é'] }))).toEqual({ a: [1, 'é'] });
    for (const text of ['[1]', '"s"', 'null', '3', '{bad', '']) expect(plainJsonCodec.decode(text)).toBeNull();
  });

  it('does not let "__proto__" pollute', () => {
    const decoded = plainJsonCodec.decode('{"__proto__":{"polluted":"yes"}}');
    expect(Object.hasOwn(decoded ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('plainJsonCodec and nesting', () => {
  it('decodes to null, without parsing, JSON nested past 1,000 levels; encodes a too-deep value as SerializationError', () => {
    const deep = (n: number) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;
    expect(plainJsonCodec.decode(deep(998))).not.toBeNull();
    expect(plainJsonCodec.decode(deep(5000))).toBeNull();
    let value: unknown[] = [];
    const root = { a: value };
    for (let i = 0; i < 20_000; i++) {
      const child: unknown[] = [];
      value.push(child);
      value = child;
    }
    expect(() => plainJsonCodec.encode(root as never)).toThrow(SerializationError);
  });
});

describe('plainJsonCodec depth check', () => {
  it('still refuses deep nesting when the brackets are many but the text is otherwise long', () => {
    const deep = `{"pad":"${'x'.repeat(2000)}","a":${'['.repeat(1001)}${']'.repeat(1001)}}`;
    expect(plainJsonCodec.decode(deep)).toBeNull();
    const wide = `{"pad":"${'x'.repeat(2000)}","a":[${'[],'.repeat(1500)}[]]}`;
    expect(plainJsonCodec.decode(wide)).not.toBeNull();
  });
});
