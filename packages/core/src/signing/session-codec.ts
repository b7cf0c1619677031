import type { Clock } from '../clock.js';
import type { SessionData } from '../json/types.js';
import { BadSignatureError, ConfigError, SerializationError } from '../errors.js';
import { type LoggerOption, resolveLogger, SECURITY_LOGGER } from '../logger.js';
import { type Secret, validateFallbacks, validateSecret } from './crypto.js';
import { warnIfWeakSecret } from './secret-quality.js';
import { markDecoded } from '../json/checked.js';
import { mayNestTooDeep, protectPythonNumbers } from './python-numbers.js';
import { MAX_DECOMPRESSED_BYTES, TimestampSigner } from './signer.js';

/** Django's `SessionBase.key_salt`. */
export const DJANGO_SESSION_SALT = 'django.contrib.sessions.SessionStore';

/**
 * JSON bytes from which the session codec tries zlib by default. Deflate plus inflate cost
 * 30-60 µs CPU per save+load of a 1 KB session (more than a whole SQLite load+save, ~55 µs)
 * and save a few hundred bytes of row; from 4 KiB the row savings grow to kilobytes per
 * session. Django always tries (compress=True) but reads both forms, so either way interoperates.
 */
export const DEFAULT_SESSION_COMPRESS_THRESHOLD = 4096;

/** Turns session data into the text an engine stores, and back. */
export interface SessionCodec {
  readonly name: string;
  /**
   * `tinyNumbers: false` promises that the data holds no number x with 0 < |x| < 1e-4 (as
   * `prepareRecord`'s check finds), which a Python-compatible codec then need not look for.
   */
  encode(data: SessionData, tinyNumbers?: boolean): string;
  /**
   * Optional: `encode`, from the data's JSON as `JSON.stringify` writes it (checked already,
   * e.g. a `JsonRecord`'s), for codecs whose stored text starts from that JSON.
   */
  encodeJson?(json: string): string;
  /** The data, or null when the text is tampered with or undecodable. Never throws. */
  decode(text: string): SessionData | null;
}

export interface SessionCodecOptions {
  secret: Secret;
  /** Previous secrets, still accepted when decoding (Django's SECRET_KEY_FALLBACKS). */
  fallbackSecrets?: Secret[];
  salt?: string;
  /**
   * zlib for the stored text. Unset (default): tried from `compressThreshold` JSON bytes.
   * `true`: always tried, as Django's `compress=True` (unless `compressThreshold` is given).
   * `false`: never. The compressed form is kept only when it is 2+ bytes shorter.
   */
  compress?: boolean;
  /** JSON bytes from which compression is tried. Default 4096 (0 with `compress: true`). */
  compressThreshold?: number;
  logger?: LoggerOption;
  clock?: Clock;
  /**
   * Largest JSON (bytes) a stored session may hold once inflated; 1 MiB by default. Decoding
   * refuses anything that inflates further (a decompression bomb), and encoding refuses to
   * write data this large (it could not be read back).
   */
  maxDecompressedBytes?: number;
}

/** Default bound on inflation relative to the stored size: Django's JSON rarely compresses past 15:1. */
export const DEFAULT_INFLATE_RATIO = 64;

/**
 * Django's SessionBase.encode/decode: `signing.dumps(data, salt=key_salt, compress=True)`,
 * except that by default zlib is only tried from DEFAULT_SESSION_COMPRESS_THRESHOLD JSON
 * bytes (Django decodes both forms). One signer serves every call, so the HMAC keys of the
 * secret and its fallbacks are derived once.
 */
export function createSessionCodec(options: SessionCodecOptions): SessionCodec {
  const { secret, fallbackSecrets = [], salt = DJANGO_SESSION_SALT, clock } = options;
  validateSecret(secret, 'secret');
  validateFallbacks(secret, fallbackSecrets);
  const log = resolveLogger(options.logger);
  warnIfWeakSecret(secret, 'secret', log);
  const compressOptions = resolveCompression(options.compress, options.compressThreshold);
  const signer = new TimestampSigner({ key: secret, salt, fallbackKeys: [...fallbackSecrets], clock });
  const maxDecompressedBytes = options.maxDecompressedBytes ?? MAX_DECOMPRESSED_BYTES;
  if (!Number.isSafeInteger(maxDecompressedBytes) || maxDecompressedBytes <= 0) {
    throw new ConfigError('maxDecompressedBytes must be a positive whole number');
  }
  const decodeOptions = {
    maxDecompressedBytes,
    onPythonNumbers(count: number) {
      log.warn(
        `session data holds ${count} number(s) JS cannot carry exactly (an integer beyond 2^53, NaN, Infinity or -0.0): surfaced as { "$pythonNumber": "<text>" } and written back unchanged`,
      );
    },
  };
  const encodeOptions = { ...compressOptions, maxJsonBytes: maxDecompressedBytes };
  const plainNumbersOptions = { ...encodeOptions, tinyNumbers: false };
  return {
    name: 'django-signed',
    encode: (data, tinyNumbers) => signer.signObject(data, tinyNumbers === false ? plainNumbersOptions : encodeOptions),
    decode(text) {
      if (typeof text !== 'string') return null;
      try {
        const data = asSessionData(signer.unsignObject(text, decodeOptions));
        // Numbers JS would change came back as markers and nesting was bounded: all storable.
        if (data !== null) markDecoded(data);
        return data;
      } catch (error) {
        // Only a bad MAC is suspicious; the text itself may be a credential, so it is never logged.
        if (error instanceof BadSignatureError) log.warn('Session data corrupted', { logger: SECURITY_LOGGER });
        // Verified but unreadable (a decompression bomb, nesting past the limit): our own message, no data.
        else if (error instanceof SerializationError) log.warn(`Session data undecodable: ${error.message}`);
        return null;
      }
    },
  };
}

function resolveCompression(compress: unknown, threshold: unknown): { compress: boolean; compressThreshold: number } {
  if (compress !== undefined && typeof compress !== 'boolean') throw new ConfigError('compress must be a boolean');
  if (threshold !== undefined && (typeof threshold !== 'number' || Number.isNaN(threshold) || threshold < 0)) {
    throw new ConfigError('compressThreshold must be a number of at least 0');
  }
  const fallback = compress === true ? 0 : DEFAULT_SESSION_COMPRESS_THRESHOLD;
  return { compress: compress !== false, compressThreshold: threshold ?? fallback };
}

/**
 * Unsigned JSON, for trusted stores and benchmarks only. Decoding refuses nesting past
 * MAX_DECODE_DEPTH before parsing (such data could never be saved back); encoding turns
 * JSON.stringify's failures (a RangeError on absurd nesting) into SerializationError.
 */
export const plainJsonCodec: SessionCodec = {
  name: 'plain-json',
  encode(data) {
    try {
      return JSON.stringify(data);
    } catch (error) {
      throw new SerializationError('Value cannot be serialized as JSON', { cause: error });
    }
  },
  // The stored text is the JSON itself.
  encodeJson: (json) => json,
  decode(text) {
    if (typeof text !== 'string') return null;
    try {
      if (mayNestTooDeep(text)) protectPythonNumbers(text); // the depth check only
      return asSessionData(JSON.parse(text));
    } catch {
      return null;
    }
  },
};

/**
 * The decoded value itself when it is a plain JSON object. It is returned as JSON.parse
 * built it (an own "__proto__" key stays a plain property) and never copied or merged.
 */
function asSessionData(value: unknown): SessionData | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return value as SessionData;
}
