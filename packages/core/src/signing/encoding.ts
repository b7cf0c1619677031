import { BadSignatureError, SerializationError } from '../errors.js';

/** Django's `BASE62_ALPHABET` (digits, upper case, lower case). */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `bytes` as a Buffer: itself when it is one (every caller's), else a view over its memory (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Django's `b64_encode`: base64url with the `=` padding stripped. */
export function b64Encode(buf: Uint8Array): string {
  return asBuffer(buf).toString('base64url');
}

/**
 * Django's `b64_decode`, but strict: only the one canonical spelling Django itself produces.
 * Throws `BadSignatureError` for anything else (see `b64DecodeInto`).
 */
export function b64Decode(text: string): Buffer {
  const bytes = Buffer.allocUnsafe((text.length * 3) >>> 2);
  const length = b64DecodeInto(text, bytes);
  if (length < 0) throw new BadSignatureError('Invalid base64url text');
  return length === bytes.length ? bytes : bytes.subarray(0, length);
}

/** A buffer kept for reuse: up to this size, latin1 text to base64url and back allocates no Buffer. */
const MAX_SCRATCH_BYTES = 64 * 1024;
let scratch: Buffer | undefined;

/** `b64Encode` of latin1 text's bytes (one per character), through the kept buffer. */
export function b64EncodeLatin1(text: string): string {
  if (text.length > MAX_SCRATCH_BYTES) return Buffer.from(text, 'latin1').toString('base64url');
  scratch ??= Buffer.allocUnsafeSlow(MAX_SCRATCH_BYTES);
  return scratch.toString('base64url', 0, scratch.write(text, 0, 'latin1'));
}

/**
 * `b64Decode(text)` read as latin1 text (one character per byte), the form JSON.parse takes.
 * The bytes go through a buffer kept between calls (all synchronous), where a fresh Buffer per
 * call cost about 0.6 µs for a 1 KB session, most of the decode itself.
 */
export function b64DecodeLatin1(text: string): string {
  const expected = (text.length * 3) >>> 2;
  if (expected > MAX_SCRATCH_BYTES) return b64Decode(text).toString('latin1');
  scratch ??= Buffer.allocUnsafeSlow(MAX_SCRATCH_BYTES);
  const length = b64DecodeInto(text, scratch);
  if (length < 0) throw new BadSignatureError('Invalid base64url text');
  return scratch.toString('latin1', 0, length);
}

/**
 * The value of each of `alphabet`'s characters by char code, -1 for every other code below 128:
 * a digit's value by table, with no search of the alphabet and no string iterator.
 */
function digitValues(alphabet: string): Int8Array {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
}

/** The 6-bit value of each base64url character. */
const B64URL_VALUE = digitValues('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');

/**
 * Decodes base64url `text` into `into` (room for ⌊3n/4⌋ bytes at least) and returns the byte
 * count, or -1 unless `text` is the canonical spelling of those bytes. One check for every
 * caller (the encrypted cookie decodes into a buffer it reuses).
 *
 * Node's decoder is lenient, so several texts map to the same bytes; each leniency is refused:
 * - it drops a lone last character: refused by the length (n % 4 == 1);
 * - it skips foreign characters and stops at `=`: either leaves fewer than ⌊3n/4⌋ bytes;
 * - it reads the standard alphabet's `+` and `/`, and a character beyond Latin-1 (only a two-byte
 *   string holds one) by its low byte: refused by searching for them (a Latin-1 character beyond
 *   ASCII is foreign to the decoder, so it leaves fewer bytes);
 * - it ignores the unused low bits of the last character: they must be zero.
 * The same as encoding the bytes back and comparing (which the tests check against), without a
 * second pass over the text and a string as long.
 */
export function b64DecodeInto(text: string, into: Buffer): number {
  const n = text.length;
  const expected = (n * 3) >>> 2;
  if ((n & 3) === 1) return -1;
  const length = into.write(text, 0, expected, 'base64url');
  if (length !== expected || !hasZeroUnusedBits(text, n)) return -1;
  if (text.indexOf('+') >= 0 || text.indexOf('/') >= 0 || BEYOND_LATIN1.test(text)) return -1;
  return length;
}

/**
 * A UTF-16 code unit above 0xFF. V8 compiles this class to no code for a one-byte string (every
 * cookie Node's HTTP parser reads is one), so the test costs nothing there, where counting the
 * text's UTF-8 bytes to require ASCII was a pass over it (~2.5k instructions on a 1.4 KB text).
 */
const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/** The last character's bits beyond the decoded bytes are zero (4 of them when n % 4 == 2, 2 when 3). */
function hasZeroUnusedBits(text: string, n: number): boolean {
  const rest = n & 3;
  if (rest === 0) return true;
  const code = text.charCodeAt(n - 1);
  const value = code < 128 ? (B64URL_VALUE[code] as number) : -1;
  return value >= 0 && (value & (rest === 2 ? 0x0f : 0x03)) === 0;
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

/** The value of each base62 digit. */
const BASE62_DIGIT = digitValues(BASE62_ALPHABET);

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
