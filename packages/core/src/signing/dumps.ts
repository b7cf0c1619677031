import type { Clock } from '../clock.js';
import type { JsonValue } from '../json/types.js';
import type { Secret } from './crypto.js';
import { TimestampSigner } from './signer.js';

/** Salt used by Django's `signing.dumps`/`loads` when none is given. */
export const DEFAULT_DUMPS_SALT = 'django.core.signing';

export interface DumpsOptions {
  key: Secret;
  salt?: string;
  compress?: boolean;
  clock?: Clock;
}

export interface LoadsOptions {
  key: Secret;
  salt?: string;
  /** Seconds; older signatures raise SignatureExpiredError. */
  maxAge?: number;
  /** Older keys still accepted; signing never uses them. */
  fallbackKeys?: Secret[];
  clock?: Clock;
  maxDecompressedBytes?: number;
}

/** django.core.signing.dumps: `[.]b64(json):b62(ts):b64(hmac)`. */
export function dumps(obj: JsonValue, options: DumpsOptions): string {
  const { key, salt = DEFAULT_DUMPS_SALT, compress = false, clock } = options;
  return new TimestampSigner({ key, salt, clock }).signObject(obj, { compress });
}

/** django.core.signing.loads: BadSignatureError on a bad MAC, SerializationError on a bad verified payload. */
export function loads(text: string, options: LoadsOptions): JsonValue {
  const { key, salt = DEFAULT_DUMPS_SALT, maxAge, fallbackKeys = [], clock, maxDecompressedBytes } = options;
  return new TimestampSigner({ key, salt, fallbackKeys, clock }).unsignObject(text, { maxAge, maxDecompressedBytes });
}
