import zlib, { deflateSync } from 'node:zlib';
import { BadSignatureError, ConfigError, SerializationError } from '../../src/errors.js';
import { saltedHmac } from '../../src/signing/crypto.js';
import { b64Encode } from '../../src/signing/encoding.js';
import { MAX_DECOMPRESSED_BYTES, Signer } from '../../src/signing/signer.js';

const base64Hmac = (salt: string, value: string | Uint8Array, key: string, algorithm: string): string =>
  b64Encode(saltedHmac(salt, value, key, algorithm));

/** The tamper transforms of Django's test_unsign_detects_tampering. */
const TRANSFORMS: ReadonlyArray<[string, (s: string) => string]> = [
  ['upper()', (s) => s.toUpperCase()],
  ['+ "a"', (s) => `${s}a`],
  ['"a" + s[1:]', (s) => `a${s.slice(1)}`],
  ['remove ":"', (s) => s.replaceAll(':', '')],
];

describe('Signer (Django TestSigner)', () => {
  const signer = new Signer({ key: 'predictable-secret' });

  it('test_signature: salted with salt + "signer", and key-dependent', () => {
    // Expected values printed by Django 3.2's signing.base64_hmac.
    const expected: Array<[string, string]> = [
      ['hello', 'T8oWtiMIRTzcoR3NRO-2PQNf5dTweZy0EL25Kt6lUo0'],
      ['3098247:529:087:', '2HDEBJvc5zAnVJjTJGWZzie4pjRtOlgm8RQSRYEXB6Q'],
      ['\u2019', 'dlLe36d72rMTJA-Nx4rZmsbVBttx4TfQ4hk3i_WNycU'],
    ];
    for (const [s, sig] of expected) {
      expect(signer.signature(s)).toBe(sig);
      expect(signer.signature(s)).toBe(base64Hmac(`${signer.salt}signer`, s, 'predictable-secret', 'sha256'));
      expect(signer.signature(s)).not.toBe(new Signer({ key: 'predictable-secret2' }).signature(s));
    }
  });

  it('test_signature_with_salt', () => {
    const salted = new Signer({ key: 'predictable-secret', salt: 'extra-salt' });
    expect(salted.signature('hello')).toBe('g8YZrsJ1xXg4hGFgU2uc4ff9ZZRKt3ReprMkjND8TfM');
    expect(salted.signature('hello')).toBe(base64Hmac('extra-saltsigner', 'hello', 'predictable-secret', 'sha256'));
    expect(new Signer({ key: 'predictable-secret', salt: 'one' }).signature('hello')).not.toBe(
      new Signer({ key: 'predictable-secret', salt: 'two' }).signature('hello'),
    );
  });

  it('uses the default salt when the salt is empty, as Django', () => {
    expect(new Signer({ key: 'k', salt: '' }).salt).toBe('django.core.signing.Signer');
  });

  it('test_custom_algorithm', () => {
    expect(new Signer({ key: 'predictable-secret', algorithm: 'sha512' }).signature('hello')).toBe(
      'Usf3uVQOZ9m6uPfVonKR-EBXjPe7bjMbp3_Fq8MfsptgkkM1ojidN0BxYaT5HAEN1VzO9_jVu7R-VkqknHYNvw',
    );
  });

  it('test_invalid_algorithm (raised at construction, earlier than Django)', () => {
    expect(() => new Signer({ key: 'predictable-secret', algorithm: 'whatever' }).sign('hello')).toThrow(
      new ConfigError("'whatever' is not an algorithm accepted by the hashlib module."),
    );
  });

  it('test_sign_unsign', () => {
    for (const example of [
      'q;wjmbk;wkmb',
      '3098247529087',
      '3098247:529:087:',
      'jkw osanteuh ,rcuh nthu aou oauh ,ud du',
      '\u2019',
    ]) {
      const signed = signer.sign(example);
      expect(typeof signed).toBe('string');
      expect(signed).not.toBe(example);
      expect(signer.unsign(signed)).toBe(example);
    }
  });

  it('test_sign_unsign_non_string: values are signed as their str()', () => {
    for (const example of [String(123), String(1.23), 'True', new Date().toISOString().slice(0, 10)]) {
      expect(signer.unsign(signer.sign(example))).toBe(example);
    }
  });

  it.each(TRANSFORMS)('test_unsign_detects_tampering: %s', (_name, transform) => {
    const signed = signer.sign('This value is unchanged');
    expect(() => signer.unsign(transform(signed))).toThrow(BadSignatureError);
  });

  it("gives Django's messages and never quotes the signed value", () => {
    expect(() => signer.unsign('no-separator-secret-key')).toThrow(new BadSignatureError('No ":" found in value'));
    let message = '';
    try {
      signer.unsign('secretsessionvalue:bogus');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('Signature "bogus" does not match');
  });

  it('test_sign_unsign_object, with and without compress', () => {
    const objects = [['a', 'list'], 'a string \u2019', { a: 'dictionary' }];
    for (const obj of objects) {
      for (const compress of [false, true]) {
        const signed = signer.signObject(obj, { compress });
        expect(signer.unsignObject(signed)).toEqual(obj);
      }
    }
  });

  it('compresses only when it saves at least two bytes, marking it with "."', () => {
    expect(signer.signObject('x', { compress: true }).startsWith('.')).toBe(false);
    const big = signer.signObject('x'.repeat(300), { compress: true });
    expect(big.startsWith('.')).toBe(true);
    expect(signer.unsignObject(big)).toBe('x'.repeat(300));
  });

  it('test_works_with_non_ascii_keys', () => {
    expect(new Signer({ key: Buffer.from([0xe7]) }).sign('foo')).toBe(
      'foo:EE4qGC5MEKyQG5msxYA0sBohAxLC0BJf8uRhemh0BGU',
    );
  });

  it.each(['/', '*sep*', ','])('test_valid_sep: %s', (sep) => {
    const s = new Signer({ key: 'predictable-secret', sep });
    expect(s.sign('foo')).toBe(`foo${sep}jZQoX_FtSO70jX9HLRGg2A_2s4kdDBxz1QoO_OpEQb0`);
    expect(s.unsign(s.sign('a:b'))).toBe('a:b');
  });

  it.each([
    ['', "Unsafe Signer separator: '' (cannot be empty or consist of only A-z0-9-_=)"],
    ['-', "Unsafe Signer separator: '-' (cannot be empty or consist of only A-z0-9-_=)"],
    ['abc', "Unsafe Signer separator: 'abc' (cannot be empty or consist of only A-z0-9-_=)"],
    ['^', "Unsafe Signer separator: '^' (cannot be empty or consist of only A-z0-9-_=)"],
  ])('test_invalid_sep: %j', (sep, message) => {
    expect(() => new Signer({ key: 'predictable-secret', sep })).toThrow(new ConfigError(message));
  });

  it('test_verify_with_non_default_key', () => {
    const old = new Signer({ key: 'secret' });
    const rotated = new Signer({ key: 'newsecret', fallbackKeys: ['othersecret', 'secret'] });
    expect(rotated.unsign(old.sign('abc'))).toBe('abc');
  });

  it('test_sign_unsign_multiple_keys: signs with the primary only', () => {
    const s = new Signer({ key: 'secret', fallbackKeys: ['oldsecret'] });
    expect(s.unsign(s.sign('abc'))).toBe('abc');
    expect(s.sign('abc')).toBe(new Signer({ key: 'secret' }).sign('abc'));
  });

  it('test_sign_unsign_ignore_secret_key_fallbacks: empty fallbacks reject old signatures', () => {
    const old = new Signer({ key: 'oldsecret' }).sign('abc');
    expect(() => new Signer({ key: 'secret', fallbackKeys: [] }).unsign(old)).toThrow(BadSignatureError);
  });

  it('test_default_keys_verification: fallbacks accept old signatures', () => {
    const old = new Signer({ key: 'oldsecret' }).sign('abc');
    expect(new Signer({ key: 'secret', fallbackKeys: ['oldsecret'] }).unsign(old)).toBe('abc');
  });

  it('rejects a key that is neither text nor bytes', () => {
    expect(() => new Signer({ key: 42 as unknown as string })).toThrow(ConfigError);
  });
});

describe('Signer object payload hardening', () => {
  const signer = new Signer({ key: 'predictable-secret' });

  it('rejects a decompression bomb only after the MAC verifies, as SerializationError', () => {
    const bomb = deflateSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1, 0x20));
    const signed = signer.sign(`.${b64Encode(bomb)}`);
    expect(() => signer.unsignObject(signed)).toThrow(SerializationError);
    // A small custom bound applies too.
    const modest = signer.signObject('y'.repeat(5000), { compress: true });
    expect(() => signer.unsignObject(modest, { maxDecompressedBytes: 1000 })).toThrow(SerializationError);
    expect(signer.unsignObject(modest)).toBe('y'.repeat(5000));
  });

  it('never decompresses an unverified payload', () => {
    const inflate = jest.spyOn(zlib, 'inflateSync');
    try {
      const forged = `.${b64Encode(zlib.deflateSync(Buffer.alloc(1024 * 1024)))}:${'A'.repeat(43)}`;
      expect(() => signer.unsignObject(forged)).toThrow(BadSignatureError);
      expect(inflate).not.toHaveBeenCalled();
      signer.unsignObject(signer.signObject('z'.repeat(100), { compress: true }));
      expect(inflate).toHaveBeenCalledTimes(1);
    } finally {
      inflate.mockRestore();
    }
  });

  it.each([
    ['garbage base64', 'not base64!'],
    ['non-canonical base64', 'YR'],
    ['not zlib', `.${b64Encode(Buffer.from('plain text'))}`],
    ['not JSON', b64Encode(Buffer.from('{nope'))],
  ])('a verified payload that fails to decode (%s) is SerializationError, not BadSignature', (_name, payload) => {
    const signed = signer.sign(payload);
    expect(() => signer.unsignObject(signed)).toThrow(SerializationError);
    expect(() => signer.unsignObject(signed)).not.toThrow(BadSignatureError);
  });
});
