import { deflateSync, inflateSync } from 'node:zlib';
import { type Clock, systemClock } from '../clock.js';
import type { JsonValue } from '../engine/types.js';
import { BadSignatureError, ConfigError, SerializationError, SignatureExpiredError } from '../errors.js';
import { createHmac } from 'node:crypto';
import { constantTimeEqual, deriveHmacKey, pythonRepr, resolveAlgorithm, type Secret } from './crypto.js';
import { b62Decode, b62Encode, b64Decode, b64Encode } from './encoding.js';
import { pythonJsonDumps, pythonJsonLoads } from './python-json.js';

/** Default bound on a decompressed payload: a verified token still must not inflate without limit. */
export const MAX_DECOMPRESSED_BYTES = 1024 * 1024;

// Django's _SEP_UNSAFE; "A-z" also spans [\]^_` and JS reads the class exactly as Python does.
const SEP_UNSAFE = /^[A-z0-9-_=]*$/;

export interface SignerOptions {
  key: Secret;
  /** Separator between value and signature; ':' by default. */
  sep?: string;
  /** Namespaces the signature; an empty salt falls back to the default, as in Django. */
  salt?: string;
  /** A Python hashlib name; 'sha256' by default. */
  algorithm?: string;
  /** Older keys still accepted when verifying; never used to sign. */
  fallbackKeys?: Secret[];
}

export interface SignObjectOptions {
  compress?: boolean;
}

export interface UnsignObjectOptions {
  maxDecompressedBytes?: number;
}

/** django.core.signing.Signer. */
export class Signer {
  readonly sep: string;
  readonly salt: string;
  readonly algorithm: string;
  protected readonly key: Secret;
  protected readonly fallbackKeys: readonly Secret[];
  /** HMAC keys derived once per secret: the derivation is a second hash on every call otherwise. */
  readonly #hmacKeys = new Map<Secret, Buffer>();
  #digest = '';

  constructor(options: SignerOptions) {
    const keys = [options.key, ...(options.fallbackKeys ?? [])];
    if (!keys.every((key) => typeof key === 'string' || key instanceof Uint8Array)) {
      throw new ConfigError('Signer keys must be strings or Uint8Arrays');
    }
    this.key = options.key;
    this.fallbackKeys = keys.slice(1);
    this.sep = options.sep ?? ':';
    if (SEP_UNSAFE.test(this.sep)) {
      throw new ConfigError(
        `Unsafe Signer separator: ${pythonRepr(this.sep)} (cannot be empty or consist of only A-z0-9-_=)`,
      );
    }
    this.salt = options.salt || this.defaultSalt();
    this.algorithm = options.algorithm || 'sha256';
    // Fail at construction, not on the first request (Django fails on first use).
    this.#digest = resolveAlgorithm(this.algorithm);
    for (const key of keys) this.#hmacKeys.set(key, deriveHmacKey(`${this.salt}signer`, key, this.algorithm));
  }

  /** Django's `f"{module}.{ClassName}"` default. */
  protected defaultSalt(): string {
    return 'django.core.signing.Signer';
  }

  signature(value: string, key: Secret = this.key): string {
    const hmacKey = this.#hmacKeys.get(key) ?? deriveHmacKey(`${this.salt}signer`, key, this.algorithm);
    return b64Encode(createHmac(this.#digest, hmacKey).update(value, 'utf8').digest());
  }

  sign(value: string): string {
    return `${value}${this.sep}${this.signature(value)}`;
  }

  unsign(signed: string): string {
    const at = signed.lastIndexOf(this.sep);
    if (at < 0) throw new BadSignatureError(`No "${this.sep}" found in value`);
    const value = signed.slice(0, at);
    const sig = signed.slice(at + this.sep.length);
    for (const key of [this.key, ...this.fallbackKeys]) {
      if (constantTimeEqual(sig, this.signature(value, key))) return value;
    }
    // Only the signature part is quoted; the signed value may be session data.
    throw new BadSignatureError(`Signature "${sig}" does not match`);
  }

  /** Django's sign_object: JSON, optionally zlib (kept only if it saves 2+ bytes), '.' marks compression. */
  signObject(obj: JsonValue, options: SignObjectOptions = {}): string {
    const raw = Buffer.from(pythonJsonDumps(obj), 'latin1');
    let payload = b64Encode(raw);
    if (options.compress) {
      const compressed = deflateSync(raw);
      if (compressed.length < raw.length - 1) payload = `.${b64Encode(compressed)}`;
    }
    return this.sign(payload);
  }

  /** Verifies first; only then decodes, so nothing unauthenticated reaches zlib or JSON.parse. */
  unsignObject(signed: string, options: UnsignObjectOptions = {}): JsonValue {
    return decodeObjectPayload(this.unsign(signed), options.maxDecompressedBytes);
  }
}

export interface TimestampSignerOptions extends SignerOptions {
  clock?: Clock;
}

export interface UnsignTimestampOptions {
  /** Seconds; a signature older than this (strictly) raises SignatureExpiredError. */
  maxAge?: number;
}

export type TimestampUnsignObjectOptions = UnsignObjectOptions & UnsignTimestampOptions;

/** django.core.signing.TimestampSigner: `value:TS:SIG`, TS in base62 Unix seconds. */
export class TimestampSigner extends Signer {
  private readonly clock: Clock;

  constructor(options: TimestampSignerOptions) {
    super(options);
    this.clock = options.clock ?? systemClock;
  }

  protected override defaultSalt(): string {
    return 'django.core.signing.TimestampSigner';
  }

  timestamp(): string {
    return b62Encode(Math.floor(this.clock.now() / 1000));
  }

  override sign(value: string): string {
    return super.sign(`${value}${this.sep}${this.timestamp()}`);
  }

  override unsign(signed: string, options: UnsignTimestampOptions = {}): string {
    const { maxAge } = options;
    if (maxAge !== undefined && !Number.isFinite(maxAge)) {
      throw new ConfigError('maxAge must be a finite number of seconds');
    }
    const { value, timestamp } = this.unsignWithTimestamp(signed);
    if (maxAge !== undefined) {
      const age = this.clock.now() / 1000 - timestamp;
      if (age > maxAge) throw new SignatureExpiredError(`Signature age ${age} > ${maxAge} seconds`);
    }
    return value;
  }

  /** The value and its signing instant (Unix seconds), for callers with their own time rules. */
  unsignWithTimestamp(signed: string): { value: string; timestamp: number } {
    const result = super.unsign(signed);
    const at = result.lastIndexOf(this.sep);
    // Verified but malformed: Django raises ValueError here, not BadSignature.
    if (at < 0) throw new SerializationError('Signed value has no timestamp');
    return { value: result.slice(0, at), timestamp: b62Decode(result.slice(at + this.sep.length)) };
  }

  override unsignObject(signed: string, options: TimestampUnsignObjectOptions = {}): JsonValue {
    return decodeObjectPayload(this.unsign(signed, options), options.maxDecompressedBytes);
  }

  /** unsignObject without maxAge, also returning the signing instant (Unix seconds). */
  unsignObjectWithTimestamp(
    signed: string,
    options: UnsignObjectOptions = {},
  ): { value: JsonValue; timestamp: number } {
    const { value, timestamp } = this.unsignWithTimestamp(signed);
    return { value: decodeObjectPayload(value, options.maxDecompressedBytes), timestamp };
  }
}

/** Decodes a verified sign_object payload; any failure is a SerializationError, never BadSignature. */
function decodeObjectPayload(payload: string, maxBytes = MAX_DECOMPRESSED_BYTES): JsonValue {
  const compressed = payload.startsWith('.');
  let data: Buffer;
  try {
    data = b64Decode(compressed ? payload.slice(1) : payload);
  } catch (error) {
    throw new SerializationError('Signed payload is not valid base64url', { cause: error });
  }
  if (compressed) {
    try {
      data = inflateSync(data, { maxOutputLength: maxBytes });
    } catch (error) {
      throw new SerializationError('Signed payload does not decompress within the size limit', { cause: error });
    }
  }
  return pythonJsonLoads(data);
}
