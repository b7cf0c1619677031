import {
  ConfigError,
  createSessionCodec,
  plainJsonCodec,
  resolveSecretOrCodec,
  SessionTooLargeError,
} from '@sessionkit/core/engine';

const SECRET = 'kit-secret-0123456789abcdefghijklmnopqrstuvwxyz-0123456789';
const OLD_SECRET = 'kit-old-secret-0123456789abcdefghijklmnopqrstuvwxyz-012345';

describe('resolveSecretOrCodec: the engine kit’s one reading of `secret` and `codec`', () => {
  it('returns the given codec itself', () => {
    expect(resolveSecretOrCodec({ codec: plainJsonCodec })).toBe(plainJsonCodec);
  });

  it('refuses both, with a ConfigError naming them', () => {
    expect(() => resolveSecretOrCodec({ secret: SECRET, codec: plainJsonCodec })).toThrow(ConfigError);
    expect(() => resolveSecretOrCodec({ secret: SECRET, codec: plainJsonCodec })).toThrow(/`secret` or `codec`/);
  });

  it('gives undefined for neither, for the engine to refuse as it must', () => {
    expect(resolveSecretOrCodec({})).toBeUndefined();
  });

  it('builds the Django-signed codec from the secret, reading what the fallbacks signed', () => {
    const codec = resolveSecretOrCodec({ secret: SECRET, fallbackSecrets: [OLD_SECRET] });
    if (codec === undefined) throw new Error('no codec');
    expect(codec.name).toBe('django-signed');
    expect(codec.decode(codec.encode({ a: 1 }))).toEqual({ a: 1 });
    const signedWithOld = createSessionCodec({ secret: OLD_SECRET }).encode({ b: 2 });
    expect(codec.decode(signedWithOld)).toEqual({ b: 2 });
    expect(createSessionCodec({ secret: SECRET }).decode(signedWithOld)).toBeNull();
  });

  it("passes the engine's maxDecompressedBytes on: data past it is refused when written", () => {
    const codec = resolveSecretOrCodec({ secret: SECRET }, { maxDecompressedBytes: 64 });
    if (codec === undefined) throw new Error('no codec');
    expect(() => codec.encode({ text: 'x'.repeat(100) })).toThrow(SessionTooLargeError);
    expect(codec.decode(codec.encode({ text: 'short' }))).toEqual({ text: 'short' });
  });
});
