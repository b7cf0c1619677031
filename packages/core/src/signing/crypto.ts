import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../errors.js';

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
  return typeof value === 'string'
    ? Buffer.from(value, 'utf8')
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** Django's `salted_hmac(...).digest()`: key = H(keySalt + secret), then HMAC-H over value. */
export function saltedHmac(keySalt: string, value: string | Uint8Array, secret: Secret, algorithm = 'sha1'): Buffer {
  const digest = resolveAlgorithm(algorithm);
  return createHmac(digest, deriveHmacKey(keySalt, secret, algorithm)).update(toBytes(value)).digest();
}

/** The HMAC key `salted_hmac` derives: H(keySalt + secret). Cache it; it depends on no value. */
export function deriveHmacKey(keySalt: string, secret: Secret, algorithm = 'sha1'): Buffer {
  return createHash(resolveAlgorithm(algorithm)).update(toBytes(keySalt)).update(toBytes(secret)).digest();
}

/** Django's `constant_time_compare`. Never throws: a length mismatch still spends a compare. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
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
