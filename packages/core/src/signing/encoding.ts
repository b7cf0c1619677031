import { BadSignatureError, SerializationError } from '../errors.js';

/** Django's `BASE62_ALPHABET` (digits, upper case, lower case). */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Sextet value of each base64url character by char code; -1 for every other code below 128. */
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < B64URL_ALPHABET.length; i++) SEXTET[B64URL_ALPHABET.charCodeAt(i)] = i;
/** Unused low bits of the last character, by `length % 4` (2 chars → 4 bits, 3 chars → 2 bits). */
const UNUSED_BITS_MASK = [0, 0, 0x0f, 0x03] as const;

/** Django's `b64_encode`: base64url with the `=` padding stripped. */
export function b64Encode(buf: Uint8Array): string {
  // A Buffer (every caller's) is encoded as is: a second view over it is an object per call.
  const bytes = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return bytes.toString('base64url');
}

/**
 * Django's `b64_decode`, but strict. Node's decoder silently skips foreign characters,
 * also reads the standard alphabet's `+` and `/`, and ignores stray trailing bits, so
 * several texts would map to the same bytes; we accept only the one canonical spelling
 * Django itself produces. Without a regex or a re-encode:
 * - any character Node's decoder skips (or stops at, as `=`) shortens the output, and for
 *   a length not ≡ 1 (mod 4) every lost character loses at least one byte, so the output
 *   length must be exactly ⌊3n/4⌋;
 * - `+` and `/` decode without shortening and are looked for explicitly;
 * - a non-ASCII character makes the UTF-8 length differ from the UTF-16 length;
 * - the last character's unused low bits must be zero (a table lookup).
 */
export function b64Decode(text: string): Buffer {
  const n = text.length;
  const rest = n & 3;
  if (rest === 1) throw new BadSignatureError('Invalid base64url length');
  const bytes = Buffer.from(text, 'base64url');
  if (
    bytes.length !== (n >>> 2) * 3 + (rest === 0 ? 0 : rest - 1) ||
    text.indexOf('+') >= 0 ||
    text.indexOf('/') >= 0 ||
    Buffer.byteLength(text, 'utf8') !== n
  ) {
    throw new BadSignatureError('Invalid base64url text');
  }
  if (rest !== 0) {
    // Every character is in the alphabet by now, so the lookup is a sextet.
    const last = SEXTET[text.charCodeAt(n - 1)] as number;
    if ((last & (UNUSED_BITS_MASK[rest] as number)) !== 0) {
      throw new BadSignatureError('Non-canonical base64url text');
    }
  }
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

/** Digit value of each base62 character by char code; -1 for every other code below 128. */
const BASE62_DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE62_ALPHABET.length; i++) BASE62_DIGIT[BASE62_ALPHABET.charCodeAt(i)] = i;

/** Django's `b62_decode`. Throws `SerializationError` where Python raises ValueError/IndexError. */
export function b62Decode(s: string): number {
  const negative = s.startsWith('-');
  const start = negative ? 1 : 0;
  if (s.length === start) throw new SerializationError('Empty base62 number');
  let value = 0;
  // By char code, through a table: no string iterator, no search of the alphabet per digit.
  for (let i = start; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const digit = code < 128 ? (BASE62_DIGIT[code] as number) : -1;
    if (digit < 0) throw new SerializationError('Invalid base62 digit');
    value = value * 62 + digit;
    if (!Number.isSafeInteger(value)) throw new SerializationError('Base62 number out of range');
  }
  return negative && value !== 0 ? -value : value;
}
