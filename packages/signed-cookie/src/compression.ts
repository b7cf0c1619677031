import { deflateSync, inflateSync } from 'node:zlib';
import { CookieRejected } from './rejection.js';

/**
 * Serialized JSON bytes from which compression is attempted (README, "What compression
 * buys"; scripts/compression.mjs): deflate plus inflate cost a flat 15-35 µs, about as
 * much as the whole seal-and-open path; below 512 bytes that buys little (14-49%, and a
 * tiny session can grow), from 512 bytes it saves 25-80% of the cookie on every request.
 */
export const DEFAULT_COMPRESS_THRESHOLD = 512;

export interface CompressionPolicy {
  enabled: boolean;
  threshold: number;
}

/** The body a cookie carries: the JSON itself, or its zlib form when that is shorter. */
export interface Body {
  bytes: Buffer;
  compressed: boolean;
}

/**
 * Compresses only when it pays: attempted from the threshold (or when the plain cookie
 * would not fit), kept only when the sealed value comes out strictly shorter.
 * `sealedLength` predicts the cookie value's length for a body of n bytes.
 */
export function chooseBody(
  json: Buffer,
  policy: CompressionPolicy,
  sealedLength: (bodyBytes: number, compressed: boolean) => number,
  maxValueLength: number,
): Body {
  const plain: Body = { bytes: json, compressed: false };
  if (!policy.enabled) return plain;
  const plainLength = sealedLength(json.length, false);
  if (json.length < policy.threshold && plainLength <= maxValueLength) return plain;
  // zlib format (not raw deflate): Django reads it with zlib.decompress.
  const deflated = deflateSync(json);
  return sealedLength(deflated.length, true) < plainLength ? { bytes: deflated, compressed: true } : plain;
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
