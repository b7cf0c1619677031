import { createHmac, randomBytes } from 'node:crypto';
import { macFunction } from '../../src/signing/crypto.js';

const reference = (digest: string, key: Buffer, value: string): string =>
  createHmac(digest, key).update(value, 'utf8').digest('base64url');

// Around the one-shot path's limits: empty, one SHA-256 block, non-ASCII, lone surrogates, 5,000 units and past them.
const TEXTS = [
  '',
  'a',
  'x'.repeat(55),
  'x'.repeat(64),
  'héllo wörld ✓ 𝄞',
  'lone \ud800 and \udfff surrogates',
  '€'.repeat(5_000),
  '€'.repeat(5_001),
  'a'.repeat(70_000),
];

describe('macFunction', () => {
  it.each([16, 32, 63, 64, 65, 100])('gives createHmac’s SHA-256 MAC for a %i-byte key', (keyBytes) => {
    const key = randomBytes(keyBytes);
    const mac = macFunction('sha256', key);
    for (const text of TEXTS) expect(mac(text)).toBe(reference('sha256', key, text));
  });

  it.each(['sha1', 'sha512', 'sha3-256', 'blake2b512'])('gives createHmac’s %s MAC', (digest) => {
    const key = randomBytes(32);
    const mac = macFunction(digest, key);
    for (const text of TEXTS) expect(mac(text)).toBe(reference(digest, key, text));
  });

  it('gives the MAC of value + tail without joining them, a surrogate pair split across them too', () => {
    const key = randomBytes(32);
    for (const digest of ['sha256', 'sha1']) {
      const mac = macFunction(digest, key);
      for (const [value, tail] of [
        ['abc', ':1xYz'],
        ['', 'tail'],
        ['value', ''],
        ['x\ud834', '\udd1e:1'],
        ['€'.repeat(4_000), ':'.repeat(1_500)],
      ] as const) {
        expect(mac(value, tail)).toBe(reference(digest, key, value + tail));
      }
    }
  });

  it('keeps each key apart when MACs of several keys interleave', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const [macA, macB] = [macFunction('sha256', a), macFunction('sha256', b)];
    for (const text of TEXTS) {
      expect(macA(text)).toBe(reference('sha256', a, text));
      expect(macB(text)).toBe(reference('sha256', b, text));
    }
  });
});
