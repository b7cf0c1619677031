import { DEFAULT_COOKIE_AGE, type LoggerOption, type Secret, validateFallbacks, validateSecret } from '@sessionkit/core';
import {
  type CommonEngineOptions,
  ConfigError,
  DEFAULT_OPERATION_TIMEOUT_MS,
  MAX_OPERATION_TIMEOUT_MS,
  positiveWholeNumber,
} from '@sessionkit/core/engine';
import { DEFAULT_COMPRESS_THRESHOLD } from './compression.js';

/** Django's SESSION_COOKIE_AGE default: two weeks, in seconds. */
export const DEFAULT_MAX_AGE = DEFAULT_COOKIE_AGE;
/** What browsers keep of one cookie: name and value together (RFC 6265bis, 4096 bytes). */
export const MAX_COOKIE_BYTES = 4096;
/**
 * A verified payload may inflate to this much: 64 times the largest cookie (256 KiB), past
 * any ratio Django's JSON compresses to, while a decompression bomb is still refused.
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * MAX_COOKIE_BYTES;
/** Signatures dated this far in the future are still accepted (as iron/hapi). */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

export interface SignedCookieEngineOptions extends CommonEngineOptions {
  /** Signs (and with `encrypt`, encrypts) every cookie. At least 32 bytes; Django's SECRET_KEY. */
  secret: Secret;
  /** Previous secrets: still accepted when reading, never used to issue (SECRET_KEY_FALLBACKS). */
  fallbackSecrets?: Secret[];
  /** Seconds a signature stays valid: Django's SESSION_COOKIE_AGE. Default 1,209,600. */
  maxAge?: number;
  /** The session cookie's name, counted in the 4096-byte limit. Default `'sessionid'`. */
  cookieName?: string;
  /** Encrypts with AES-256-GCM so the visitor cannot read the data. Django cannot read this mode. */
  encrypt?: boolean;
  /**
   * Compress when it pays. Default true when signing, false when encrypting (length oracle).
   * With the default threshold that means only when the plain cookie would not fit.
   */
  compress?: boolean;
  /**
   * Serialized JSON bytes from which compression is attempted even when the plain cookie
   * fits (0: always, as Django). Default Infinity: only when it would not fit otherwise.
   */
  compressThreshold?: number;
  /**
   * Bound on a verified payload's decompressed size (bytes). Default 256 KiB (64 × 4096): far
   * past what session data compresses to, though zlib reaches ~1000:1 on repetitive text, so a
   * Django cookie may inflate further; more is refused as a bomb (fresh session, a warning).
   */
  maxDecompressedBytes?: number;
  /** Tolerated clock skew for signatures dated in the future, in seconds. Default 60. */
  clockSkewSeconds?: number;
  /** Receives security warnings (never the cookie value or data). Unset: stderr, once a minute; `false`: silent. */
  logger?: LoggerOption;
}

export interface ResolvedOptions {
  secret: Secret;
  fallbackSecrets: Secret[];
  maxAge: number;
  cookieName: string;
  encrypt: boolean;
  compress: boolean;
  compressThreshold: number;
  maxDecompressedBytes: number;
  clockSkewSeconds: number;
}

// RFC 6265 cookie-name token characters.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Validates the options at start-up; every failure is a ConfigError naming the option. */
export function resolveOptions(options: SignedCookieEngineOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null)
    throw new ConfigError('signed-cookie engine options are required');
  const { secret, fallbackSecrets = [], encrypt = false } = options;
  validateSecret(secret, 'secret');
  validateFallbacks(secret, fallbackSecrets);
  // No store calls to bound, but a bad value is still refused, as every engine refuses it.
  positiveWholeNumber(
    options.operationTimeoutMs,
    'operationTimeoutMs',
    DEFAULT_OPERATION_TIMEOUT_MS,
    MAX_OPERATION_TIMEOUT_MS,
  );
  const cookieName = options.cookieName ?? 'sessionid';
  if (typeof cookieName !== 'string' || !COOKIE_NAME.test(cookieName) || cookieName.length > MAX_COOKIE_BYTES / 2) {
    throw new ConfigError('cookieName must be a cookie-name token of at most 2048 characters');
  }
  return {
    secret,
    fallbackSecrets: [...fallbackSecrets],
    maxAge: positive(options.maxAge, DEFAULT_MAX_AGE, 'maxAge'),
    cookieName,
    encrypt: flag(encrypt, false, 'encrypt'),
    compress: flag(options.compress, !encrypt, 'compress'),
    compressThreshold: atLeast(options.compressThreshold, DEFAULT_COMPRESS_THRESHOLD, 0, 'compressThreshold'),
    maxDecompressedBytes: byteLimit(options.maxDecompressedBytes),
    clockSkewSeconds: atLeast(options.clockSkewSeconds, DEFAULT_CLOCK_SKEW_SECONDS, 0, 'clockSkewSeconds'),
  };
}

function flag(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(`${name} must be a boolean`);
  return value;
}

function positive(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive number of seconds`);
  }
  return value;
}

function atLeast(value: unknown, fallback: number, min: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min) {
    throw new ConfigError(`${name} must be a number of at least ${min}`);
  }
  return value;
}

function byteLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_DECOMPRESSED_BYTES;
  // zlib needs a finite output bound; below one cookie's worth nothing legitimate fits.
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < MAX_COOKIE_BYTES) {
    throw new ConfigError(`maxDecompressedBytes must be a whole number of at least ${MAX_COOKIE_BYTES}`);
  }
  return value;
}
