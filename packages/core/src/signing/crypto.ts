import * as crypto from 'node:crypto';
import { ConfigError } from '../errors.js';
import { asBuffer } from './encoding.js';

/** A signing secret: text (UTF-8 encoded, as Django's `force_bytes`) or raw bytes. */
export type Secret = string | Uint8Array;

/** Shortest secret sessionkit accepts for session signing, in bytes. */
export const MIN_SECRET_BYTES = 32;

// Python `hashlib` attribute names → OpenSSL digest names (HMAC outputs checked equal).
const ALGORITHMS: Readonly<Record<string, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
};

/** The OpenSSL name for a Python hashlib algorithm name; ConfigError (Django's message) when unknown. */
export function resolveAlgorithm(algorithm: string): string {
  const name = Object.hasOwn(ALGORITHMS, algorithm) ? ALGORITHMS[algorithm] : undefined;
  if (name === undefined) {
    throw new ConfigError(`${pythonRepr(algorithm)} is not an algorithm accepted by the hashlib module.`);
  }
  return name;
}

/** The bytes of a secret or value, UTF-8 for text. */
export function toBytes(value: string | Uint8Array): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : asBuffer(value);
}

/** Django's `salted_hmac(...).digest()`: key = H(keySalt + secret), then HMAC-H over value. */
export function saltedHmac(keySalt: string, value: string | Uint8Array, secret: Secret, algorithm = 'sha1'): Buffer {
  const digest = resolveAlgorithm(algorithm);
  return crypto.createHmac(digest, deriveHmacKey(keySalt, secret, algorithm)).update(toBytes(value)).digest();
}

/** The HMAC key `salted_hmac` derives: H(keySalt + secret). Cache it; it depends on no value. */
export function deriveHmacKey(keySalt: string, secret: Secret, algorithm = 'sha1'): Buffer {
  return crypto.createHash(resolveAlgorithm(algorithm)).update(toBytes(keySalt)).update(toBytes(secret)).digest();
}

/** Texts up to this many UTF-16 units are compared in a kept buffer (3 UTF-8 bytes each at most). */
const SHORT_COMPARE_UNITS = 128;
const SHORT_COMPARE_BYTES = 3 * SHORT_COMPARE_UNITS;
let compareScratch: Buffer | undefined;

/**
 * Django's `constant_time_compare`: the UTF-8 bytes of both texts, by `crypto.timingSafeEqual`.
 * Never throws. Short texts (a MAC, a token) are written into one kept buffer, not two new ones.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length > SHORT_COMPARE_UNITS || b.length > SHORT_COMPARE_UNITS) {
    return bytesEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  }
  compareScratch ??= Buffer.allocUnsafeSlow(2 * SHORT_COMPARE_BYTES);
  const end = compareScratch.write(a, 0, 'utf8');
  const otherEnd = SHORT_COMPARE_BYTES + compareScratch.write(b, SHORT_COMPARE_BYTES, 'utf8');
  return bytesEqual(compareScratch.subarray(0, end), compareScratch.subarray(SHORT_COMPARE_BYTES, otherEnd));
}

/** timingSafeEqual that never throws: a length mismatch still spends a compare. */
function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    crypto.timingSafeEqual(b, b);
    return false;
  }
  return crypto.timingSafeEqual(a, b);
}

/** Throws ConfigError unless `secret` is a string or bytes of at least MIN_SECRET_BYTES. */
export function validateSecret(secret: unknown, settingName: string): asserts secret is Secret {
  if (secret === undefined || secret === null) {
    throw new ConfigError(`${settingName} is required: set it to a long random secret`);
  }
  if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) {
    throw new ConfigError(`${settingName} must be a string or a Uint8Array`);
  }
  const length = toBytes(secret).length;
  if (length === 0) throw new ConfigError(`${settingName} must not be empty`);
  if (length < MIN_SECRET_BYTES) {
    throw new ConfigError(`${settingName} is too short: use at least ${MIN_SECRET_BYTES} random bytes`);
  }
}

/** Validates each fallback and rejects one equal to the primary (a rotation that was never done). */
export function validateFallbacks(primary: Secret, fallbacks: unknown): asserts fallbacks is Secret[] {
  if (!Array.isArray(fallbacks)) throw new ConfigError('fallbackSecrets must be an array');
  const primaryBytes = toBytes(primary);
  fallbacks.forEach((fallback: unknown, index) => {
    const name = `fallbackSecrets[${index}]`;
    validateSecret(fallback, name);
    if (toBytes(fallback).equals(primaryBytes)) {
      throw new ConfigError(`${name} equals the primary secret; remove it from the fallbacks`);
    }
  });
}

/** Python's `repr()` of a str, enough for Django's error messages. */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replace(/\\/g, '\\\\').replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** An HMAC under one fixed key: the MAC of the UTF-8 bytes of `value + tail`, as unpadded base64url. */
export type Mac = (value: string, tail?: string) => string;

/** `crypto.hash` (Node 20.12+): one-shot, no Hash object. Absent on 20.11: createHmac then. */
const HAS_ONE_SHOT_HASH = typeof (crypto as { hash?: unknown }).hash === 'function';

const SHA256_BLOCK = 64;
/** Texts up to this many UTF-16 units take the one-shot path (3 bytes each at most in UTF-8). */
const MAX_FAST_UNITS = 5_000;
/** Shared input buffer of the inner hash: the padded key block, then the text (calls are synchronous). */
let scratch: Buffer | undefined;

/**
 * HMAC-`digest` under `key`. For SHA-256 (the signer's default) it is RFC 2104 spelled out,
 * H(K ⊕ opad ‖ H(K ⊕ ipad ‖ text)), with both padded key blocks built once: two `crypto.hash`
 * calls per MAC, where createHmac builds a stream object and re-hashes the key blocks on every
 * call (about 0.4 µs of its 2.6 µs on a 1.4 KB text). Other digests, long texts and Node
 * without crypto.hash take createHmac; tests check that both give the same bytes.
 */
export function macFunction(digest: string, key: Buffer): Mac {
  const slow: Mac = (value, tail = '') =>
    splitsPair(value, tail)
      ? slow(value + tail)
      : crypto.createHmac(digest, key).update(value, 'utf8').update(tail, 'utf8').digest('base64url');
  if (!HAS_ONE_SHOT_HASH || digest !== 'sha256' || key.length > SHA256_BLOCK) return slow;
  const innerPad = Buffer.alloc(SHA256_BLOCK, 0x36);
  // The outer hash's whole input: the padded key block, then the inner digest (32 bytes).
  const outer = Buffer.alloc(SHA256_BLOCK + 32, 0x5c);
  for (let i = 0; i < key.length; i++) {
    innerPad[i] = 0x36 ^ (key[i] as number);
    outer[i] = 0x5c ^ (key[i] as number);
  }
  return (value, tail = '') => {
    if (value.length + tail.length > MAX_FAST_UNITS || splitsPair(value, tail)) return slow(value, tail);
    scratch ??= Buffer.allocUnsafeSlow(SHA256_BLOCK + 3 * MAX_FAST_UNITS);
    innerPad.copy(scratch, 0);
    let end = SHA256_BLOCK + scratch.write(value, SHA256_BLOCK, 'utf8');
    end += scratch.write(tail, end, 'utf8');
    // The inner digest as latin1 text (one char per byte) written into place: a 'buffer' result
    // costs an ArrayBuffer per call, about 0.4 µs more than the hash of a short input itself.
    // ('binary' is Node's name for latin1.)
    outer.write(crypto.hash('sha256', scratch.subarray(0, end), 'binary'), SHA256_BLOCK, 'latin1');
    return crypto.hash('sha256', outer, 'base64url');
  };
}

/** Whether `value` ends in a high surrogate: encoded apart from `tail`, a pair across them would break. */
function splitsPair(value: string, tail: string): boolean {
  const last = value.charCodeAt(value.length - 1);
  return tail !== '' && last >= 0xd800 && last <= 0xdbff;
}
