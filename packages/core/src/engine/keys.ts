import * as crypto from 'node:crypto';

/** Django's `VALID_KEY_CHARS`: keys are case-insensitive-safe. */
export const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Length of a generated key (Django's, about 165 bits). */
export const KEY_LENGTH = 32;
/** What stored engines accept by default: Django's 8-character floor plus a charset allowlist. */
export const DEFAULT_KEY_PATTERN = /^[a-z0-9]+$/;
export const DEFAULT_MIN_KEY_LENGTH = 8;
export const DEFAULT_MAX_KEY_LENGTH = 40;

/** A fresh key: 32 characters of `[a-z0-9]` from the CSPRNG. */
export function generateSessionKey(): string {
  let key = '';
  while (key.length < KEY_LENGTH) {
    for (const byte of crypto.randomBytes(KEY_LENGTH + 8)) {
      // Rejection sampling: 252 is the largest multiple of 36 below 256, so no character is favoured.
      if (byte < 252) key += KEY_ALPHABET[byte % 36];
      if (key.length === KEY_LENGTH) break;
    }
  }
  return key;
}

/** Declared key rules of an engine. */
export interface KeyRules {
  readonly keyPattern: RegExp;
  readonly minKeyLength: number;
  readonly maxKeyLength: number;
}

/** True when `key` is acceptable to an engine. Length is checked first, so huge input costs O(1). */
export function isValidKey(key: unknown, rules: KeyRules): key is string {
  if (typeof key !== 'string') return false;
  if (key.length < rules.minKeyLength || key.length > rules.maxKeyLength) return false;
  if (key === lastValidKey && rules.keyPattern === lastValidPattern) return true;
  rules.keyPattern.lastIndex = 0;
  if (!rules.keyPattern.test(key)) return false;
  lastValidKey = key;
  lastValidPattern = rules.keyPattern;
  return true;
}

/**
 * The last key that passed, and the pattern it passed: a request checks its key in the session,
 * then in the engine's load and again in its update, and the pattern's call costs about 20
 * instructions a character (callgrind, a 32-character key), where comparing the same string is one.
 */
let lastValidKey = '';
let lastValidPattern: RegExp | undefined;

/**
 * Whether `value` is the key that last passed `isValidKey` against DEFAULT_KEY_PATTERN, so holds
 * only `[a-z0-9]`: the Set-Cookie writer then skips its own character check of the same key.
 */
export function passedDefaultKeyPattern(value: string): boolean {
  return value === lastValidKey && lastValidPattern === DEFAULT_KEY_PATTERN;
}

/** `crypto.hash` (Node 20.12+): a third of createHash's cost, as no Hash object is built. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** Keys hashed lately, in two generations of at most this many: see `hashKey`. */
const RECENT_HASHES = 128;
let recentHashes = new Map<string, string>();
let olderHashes = new Map<string, string>();

/**
 * The form in which a stored engine keeps a key at rest: SHA-256 hex.
 * A leaked table then yields no usable cookie.
 *
 * A request hashes its key once per engine call (a load, then a save), so the last few hundred
 * hashes are kept in memory: the second call costs a Map lookup, not a SHA-256. Only what is
 * stored is hashed; the cache lives in this process, as the keys of requests in flight do.
 */
export function hashKey(key: string): string {
  const known = recentHashes.get(key) ?? olderHashes.get(key);
  if (known !== undefined) return known;
  const hashed =
    oneShotHash === undefined
      ? crypto.createHash('sha256').update(key, 'utf8').digest('hex')
      : oneShotHash('sha256', key, 'hex');
  if (recentHashes.size >= RECENT_HASHES) {
    olderHashes = recentHashes;
    recentHashes = new Map();
  }
  recentHashes.set(key, hashed);
  return hashed;
}
