import { randomBytes } from 'node:crypto';
import { createSessionCodec } from '../../src/signing/session-codec.js';
import { secretWeakness } from '../../src/signing/secret-quality.js';

describe('secret quality', () => {
  it.each([
    ['a × 32', 'a'.repeat(32), /only 1 distinct bytes/],
    ['32 zero bytes', new Uint8Array(32), /only 1 distinct bytes/],
    ['a repeated pattern', 'abcdefghijkl'.repeat(4), /12-byte pattern repeated/],
    ["Django's development key", `django-insecure-${randomBytes(24).toString('hex')}`, /django-insecure-/],
    ['changeme', 'please-change-me-before-production-0000', /placeholder \('changeme'\)/],
    ['secret', 'secret-secret-secret-secret-secret', /placeholder \('secret'\)/],
    ['your-secret-key-here', 'your-secret-key-here-1234567890abcdef', /placeholder/],
  ])('%s is weak', (_, secret, reason) => {
    expect(secretWeakness(secret)).toMatch(reason);
  });

  it.each([
    ['random hex (Django startproject length)', () => randomBytes(25).toString('hex')],
    ['random base64', () => randomBytes(48).toString('base64')],
    ['random bytes', () => new Uint8Array(randomBytes(32))],
  ])('%s passes, every time', (_, make) => {
    for (let i = 0; i < 200; i++) expect(secretWeakness(make())).toBeNull();
  });

  it('the codec warns once per weak secret, at warn level, without the secret', () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    const weak = `${'z'.repeat(31)}${randomBytes(1).toString('hex').slice(0, 1)}`;
    createSessionCodec({ secret: weak, logger });
    createSessionCodec({ secret: weak, logger });
    expect(warnings).toEqual([expect.stringMatching(/^secret looks guessable \(only 2 distinct bytes\)/)]);
    expect(warnings[0]).not.toContain(weak);
    createSessionCodec({ secret: randomBytes(32).toString('hex'), logger });
    expect(warnings).toHaveLength(1);
  });
});
