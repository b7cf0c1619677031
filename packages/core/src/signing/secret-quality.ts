import { createHash } from 'node:crypto';
import type { FullLogger } from '../logger.js';
import { type Secret, toBytes } from './crypto.js';

/** Fewer distinct bytes than this in a secret of 32+ bytes is not random (random has ~28 in 32). */
const MIN_DISTINCT_BYTES = 10;

/** Words of placeholder secrets, matched in the lower-cased letters and digits of the secret. */
const PLACEHOLDER_WORDS = [
  'changeme',
  'changethis',
  'replaceme',
  'yoursecret',
  'mysecret',
  'secretkey',
  'supersecret',
  'notsecret',
  'placeholder',
  'insecure',
  'example',
  'dummy',
  'password',
];

/**
 * Why a secret that passed the length check is still guessable, or null: a known placeholder
 * (Django's `django-insecure-` prefix, 'changeme', 'secret'…), few distinct bytes ('a' × 32,
 * 32 zero bytes), or a short pattern repeated. Heuristics: a random secret never trips them.
 */
export function secretWeakness(secret: Secret): string | null {
  const bytes = toBytes(secret);
  if (typeof secret === 'string') {
    if (secret.startsWith('django-insecure-')) return "Django's generated development key (django-insecure-)";
    const letters = secret.toLowerCase().replace(/[^a-z0-9]/g, '');
    const word = PLACEHOLDER_WORDS.find((candidate) => letters.includes(candidate));
    if (word !== undefined) return `a placeholder ('${word}')`;
    if (/^(secret)+/.test(letters) && letters.replace(/secret/g, '').length < 8) return "a placeholder ('secret')";
  }
  if (new Set(bytes).size < MIN_DISTINCT_BYTES) return `only ${new Set(bytes).size} distinct bytes`;
  const period = repeatPeriod(bytes);
  if (period !== null) return `a ${period}-byte pattern repeated`;
  return null;
}

/** The shortest period (at most half the length) the bytes repeat with, or null. */
function repeatPeriod(bytes: Buffer): number | null {
  for (let period = 1; period <= bytes.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < bytes.length && repeats; i++) repeats = bytes[i] === bytes[i - period];
    if (repeats) return period;
  }
  return null;
}

/** Digests of the secrets already warned about: one warning per secret per process. */
const warned = new Set<string>();

/** Warns once (warn level) when `secret` looks guessable; never logs the secret itself. */
export function warnIfWeakSecret(secret: Secret, settingName: string, logger: FullLogger): void {
  const weakness = secretWeakness(secret);
  if (weakness === null) return;
  const digest = createHash('sha256').update(toBytes(secret)).digest('hex');
  if (warned.has(digest)) return;
  warned.add(digest);
  logger.warn(
    `${settingName} looks guessable (${weakness}): anyone who guesses it can forge sessions; use a long random value, e.g. openssl rand -base64 48`,
  );
}
