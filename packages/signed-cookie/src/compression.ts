import { deflateSync, inflateSync } from 'node:zlib';
import { CookieRejected } from './rejection.js';

/**
 * Serialized JSON bytes from which compression is attempted even when the plain cookie
 * fits: by default never (README, "What compression buys"). Deflate plus inflate cost a
 * flat 15-35 µs per save+load, several times the whole uncompressed seal-and-open path,
 * so a cookie is only compressed when it would not fit in 4096 bytes otherwise.
 */
export const DEFAULT_COMPRESS_THRESHOLD = Number.POSITIVE_INFINITY;

export interface CompressionPolicy {
  enabled: boolean;
  threshold: number;
}

/** The body a cookie carries: the JSON itself, or its zlib form when that is shorter. */
export interface Body {
  /** The body from `start`; what precedes it is free (room for the format's header). */
  bytes: Buffer;
  start: number;
  compressed: boolean;
}

/**
 * Compresses only when it pays: attempted from the threshold (or when the plain cookie
 * would not fit), kept only when the sealed value comes out strictly shorter.
 * `sealedLength` predicts the cookie value's length for a body of n bytes. The JSON is `json`
 * from `start`.
 */
export function chooseBody(
  json: Buffer,
  start: number,
  policy: CompressionPolicy,
  sealedLength: (bodyBytes: number, compressed: boolean) => number,
  maxValueLength: number,
): Body {
  const plain: Body = { bytes: json, start, compressed: false };
  if (!policy.enabled) return plain;
  const jsonBytes = json.length - start;
  const plainLength = sealedLength(jsonBytes, false);
  if (jsonBytes < policy.threshold && plainLength <= maxValueLength) return plain;
  // zlib format (not raw deflate): Django reads it with zlib.decompress.
  const deflated = deflateSync(start === 0 ? json : json.subarray(start));
  return sealedLength(deflated.length, true) < plainLength ? { bytes: deflated, start: 0, compressed: true } : plain;
}

/** Inflates a verified body within `maxBytes`; a bomb or a broken stream is refused. */
export function inflateBody(bytes: Buffer, maxBytes: number): Buffer {
  try {
    return inflateSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CookieRejected(code === 'ERR_BUFFER_TOO_LARGE' ? 'decompression-limit' : 'undecodable');
  }
}
