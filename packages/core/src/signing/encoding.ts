import { BadSignatureError, SerializationError } from '../errors.js';

/** Django's `BASE62_ALPHABET` (digits, upper case, lower case). */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const B64URL_TEXT = /^[A-Za-z0-9_-]*$/;

/** Django's `b64_encode`: base64url with the `=` padding stripped. */
export function b64Encode(buf: Uint8Array): string {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('base64url');
}

/**
 * Django's `b64_decode`, but strict. Node's decoder silently skips foreign characters
 * and ignores stray trailing bits, so several texts would map to the same bytes; we
 * accept only the one canonical spelling Django itself produces.
 */
export function b64Decode(text: string): Buffer {
  if (!B64URL_TEXT.test(text)) throw new BadSignatureError('Invalid base64url text');
  if (text.length % 4 === 1) throw new BadSignatureError('Invalid base64url length');
  const bytes = Buffer.from(text, 'base64url');
  // Re-encoding exposes non-zero padding bits (e.g. "QR" and "QQ" both decode to "A").
  if (bytes.toString('base64url') !== text) throw new BadSignatureError('Non-canonical base64url text');
  return bytes;
}

/** Django's `b62_encode`; negative numbers get a "-" prefix. */
export function b62Encode(n: number): string {
  if (!Number.isSafeInteger(n)) throw new SerializationError('b62Encode needs a safe integer');
  if (n === 0) return '0';
  let rest = Math.abs(n);
  let out = '';
  while (rest > 0) {
    out = BASE62_ALPHABET.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  return n < 0 ? `-${out}` : out;
}

/** Django's `b62_decode`. Throws `SerializationError` where Python raises ValueError/IndexError. */
export function b62Decode(s: string): number {
  const negative = s.startsWith('-');
  const digits = negative ? s.slice(1) : s;
  if (digits.length === 0) throw new SerializationError('Empty base62 number');
  let value = 0;
  for (const ch of digits) {
    const digit = BASE62_ALPHABET.indexOf(ch);
    if (digit < 0) throw new SerializationError('Invalid base62 digit');
    value = value * 62 + digit;
    if (!Number.isSafeInteger(value)) throw new SerializationError('Base62 number out of range');
  }
  return negative && value !== 0 ? -value : value;
}
