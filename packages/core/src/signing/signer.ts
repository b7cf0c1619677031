import { deflateSync, inflateSync } from 'node:zlib';
import { type Clock, resolveClock } from '../clock.js';
import type { JsonValue } from '../json/types.js';
import {
  BadSignatureError,
  ConfigError,
  SerializationError,
  SessionTooLargeError,
  SignatureExpiredError,
} from '../errors.js';
import {
  constantTimeEqual,
  deriveHmacKey,
  type Mac,
  macFunction,
  pythonRepr,
  resolveAlgorithm,
  type Secret,
} from './crypto.js';
import { b62Decode, b62Encode, b64Decode, b64DecodeLatin1, b64Encode, b64EncodeLatin1 } from './encoding.js';
import { pythonJsonDumps, pythonJsonLoadsLatin1 } from './python-json.js';

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
  /** Try zlib (Django's `compress=True`); the compressed form is kept only if 2+ bytes shorter. */
  compress?: boolean;
  /**
   * With `compress`, JSON bytes from which compression is tried; shorter JSON is signed
   * as is. Default 0: always try, as Django does. Django reads both forms either way.
   */
  compressThreshold?: number;
  /** JSON bytes beyond which signing refuses with SessionTooLargeError (it would not read back). */
  maxJsonBytes?: number;
  /** False: the object holds no number x with 0 < |x| < 1e-4 (see pythonJsonDumps). */
  tinyNumbers?: boolean;
}

export interface UnsignObjectOptions {
  maxDecompressedBytes?: number;
  /** Told how many numbers came back as `pythonNumber` markers (see python-numbers.ts). */
  onPythonNumbers?: (count: number) => void;
}

/** django.core.signing.Signer. */
export class Signer {
  readonly sep: string;
  readonly salt: string;
  readonly algorithm: string;
  protected readonly key: Secret;
  protected readonly fallbackKeys: readonly Secret[];
  /** HMACs keyed once per secret: the key derivation is a second hash on every call otherwise. */
  readonly #macs = new Map<Secret, Mac>();
  /** The primary key's HMAC, then the fallbacks' (in order): what unsign tries. */
  readonly #verifyMacs: readonly Mac[];
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
    for (const key of keys) this.#macs.set(key, this.#macFor(key));
    this.#verifyMacs = keys.map((key) => this.#macs.get(key) as Mac);
  }

  /** Django's `f"{module}.{ClassName}"` default. */
  protected defaultSalt(): string {
    return 'django.core.signing.Signer';
  }

  signature(value: string, key: Secret = this.key): string {
    return (this.#macs.get(key) ?? this.#macFor(key))(value);
  }

  #macFor(key: Secret): Mac {
    return macFunction(this.#digest, deriveHmacKey(`${this.salt}signer`, key, this.algorithm));
  }

  sign(value: string): string {
    return `${value}${this.sep}${this.signature(value)}`;
  }

  /**
   * `sign(value + tail)` with the primary key, without first joining the two into one flat
   * string: the HMAC reads them in turn, so a long value is not copied just to be hashed.
   */
  protected signJoined(value: string, tail: string): string {
    return `${value}${tail}${this.sep}${(this.#macs.get(this.key) as Mac)(value, tail)}`;
  }

  unsign(signed: string): string {
    const at = signed.lastIndexOf(this.sep);
    if (at < 0) throw new BadSignatureError(`No "${this.sep}" found in value`);
    const value = signed.slice(0, at);
    const sig = signed.slice(at + this.sep.length);
    // Django's constant_time_compare, with the HMAC keys taken from the cache.
    for (const mac of this.#verifyMacs) if (constantTimeEqual(sig, mac(value))) return value;
    // Only the signature part is quoted; the signed value may be session data.
    throw new BadSignatureError(`Signature "${sig}" does not match`);
  }

  /** Django's sign_object: JSON, optionally zlib (kept only if it saves 2+ bytes), '.' marks compression. */
  signObject(obj: JsonValue, options: SignObjectOptions = {}): string {
    // pythonJsonDumps writes ASCII only (ensure_ascii): one byte per character, latin1 its byte form.
    const json = pythonJsonDumps(obj, options.tinyNumbers !== false);
    if (options.maxJsonBytes !== undefined && json.length > options.maxJsonBytes) {
      throw new SessionTooLargeError(
        `session JSON is ${json.length} bytes, over the ${options.maxJsonBytes}-byte decompressed limit (maxDecompressedBytes)`,
      );
    }
    if (options.compress && json.length >= (options.compressThreshold ?? 0)) {
      const compressed = deflateSync(Buffer.from(json, 'latin1'));
      if (compressed.length < json.length - 1) return this.sign(`.${b64Encode(compressed)}`);
    }
    return this.sign(b64EncodeLatin1(json));
  }

  /** Verifies first; only then decodes, so nothing unauthenticated reaches zlib or JSON.parse. */
  unsignObject(signed: string, options: UnsignObjectOptions = {}): JsonValue {
    return decodeObjectPayload(this.unsign(signed), options);
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
  #stampSeconds = Number.NaN;
  #stamp = '';

  constructor(options: TimestampSignerOptions) {
    super(options);
    this.clock = resolveClock(options.clock);
  }

  protected override defaultSalt(): string {
    return 'django.core.signing.TimestampSigner';
  }

  timestamp(): string {
    const seconds = Math.floor(this.clock.now() / 1000);
    // One base62 spelling per second: a busy signer reuses it for every value of that second.
    if (seconds !== this.#stampSeconds) {
      this.#stamp = b62Encode(seconds);
      this.#stampSeconds = seconds;
    }
    return this.#stamp;
  }

  override sign(value: string): string {
    return this.signJoined(value, `${this.sep}${this.timestamp()}`);
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
    return decodeObjectPayload(this.unsign(signed, options), options);
  }

  /** unsignObject without maxAge, also returning the signing instant (Unix seconds). */
  unsignObjectWithTimestamp(
    signed: string,
    options: UnsignObjectOptions = {},
  ): { value: JsonValue; timestamp: number } {
    const { value, timestamp } = this.unsignWithTimestamp(signed);
    return { value: decodeObjectPayload(value, options), timestamp };
  }
}

/** Decodes a verified sign_object payload; any failure is a SerializationError, never BadSignature. */
function decodeObjectPayload(payload: string, options: UnsignObjectOptions): JsonValue {
  let json: string;
  try {
    json = payload.startsWith('.')
      ? inflateJson(b64Decode(payload.slice(1)), options.maxDecompressedBytes ?? MAX_DECOMPRESSED_BYTES)
      : b64DecodeLatin1(payload);
  } catch (error) {
    // inflateJson's own error passes; the base64url decoders throw BadSignatureError.
    if (error instanceof SerializationError) throw error;
    throw new SerializationError('Signed payload is not valid base64url', { cause: error });
  }
  return pythonJsonLoadsLatin1(json, options.onPythonNumbers);
}

/** The JSON (as latin1 text) of a compressed payload, inflated within `maxBytes`. */
function inflateJson(deflated: Buffer, maxBytes: number): string {
  try {
    return inflateSync(deflated, { maxOutputLength: maxBytes }).toString('latin1');
  } catch (error) {
    throw new SerializationError('Signed payload does not decompress within the size limit', { cause: error });
  }
}
