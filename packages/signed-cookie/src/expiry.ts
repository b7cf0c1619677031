import {
  EXPIRY_KEY,
  parseIsoInstant,
  type SessionData,
  type SessionRecord,
  SerializationError,
} from '@sessionkit/core';
import { CookieRejected } from './rejection.js';

/**
 * Reserved key carrying the record's absolute `expiresAt` (epoch ms) inside the signed
 * dict. Django ignores it (its own check is the signature age only, ticket #19201);
 * sessionkit enforces it, which makes `setExpiry` hold server-side.
 */
export const EXPIRES_AT_KEY = '_session_expires_at';

/** `,"_session_expires_at":`, the embedded expiry's entry up to its value (ASCII). */
const ENTRY_HEAD = Buffer.from(`,"${EXPIRES_AT_KEY}":`, 'latin1');
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACE = 0x7b;
/** Longest text given 3 bytes a unit; a longer one is counted (bounds the room to 48 KB). */
const ROOM_UP_TO = 16_384;

/**
 * The JSON of a record as bytes: its data plus the embedded expiry, which always wins. The data's
 * text and the expiry entry are written into one buffer, never joined into a string first; the
 * buffer's first `reserve` bytes are left free (the format's header goes there).
 */
export function recordJson(
  record: SessionRecord,
  stringify: (data: SessionData, tinyNumbers: boolean) => string,
  encoding: 'latin1' | 'utf8',
  reserve = 0,
  tinyNumbers = true,
): Buffer {
  const expiresAt = record.expiresAt instanceof Date ? record.expiresAt.getTime() : Number.NaN;
  if (!Number.isSafeInteger(expiresAt)) throw new SerializationError('record.expiresAt must be a valid Date');
  let data = record.data;
  if (Object.hasOwn(data, EXPIRES_AT_KEY)) {
    data = { ...data };
    delete data[EXPIRES_AT_KEY];
  }
  // Appending to the serialized text avoids copying the data just to add one key.
  const text = stringify(data, tinyNumbers);
  const digits = integerLength(expiresAt);
  // Room for the text (UTF-8 takes at most 3 bytes per UTF-16 unit: room for that rather than
  // a pass to count them, up to a cookie's size) and the entry, which replaces the closing brace.
  const textRoom =
    encoding === 'latin1' ? text.length : text.length <= ROOM_UP_TO ? text.length * 3 : Buffer.byteLength(text, encoding);
  const bytes = Buffer.allocUnsafe(reserve + textRoom + ENTRY_HEAD.length + digits);
  // The closing brace is one byte in either encoding: the entry starts where it was written.
  let at = reserve + bytes.write(text, reserve, encoding) - 1;
  if (text === '{}') {
    bytes.set(ENTRY_HEAD.subarray(1), at); // `{}`: no comma
    at += ENTRY_HEAD.length - 1;
  } else {
    bytes.set(ENTRY_HEAD, at);
    at += ENTRY_HEAD.length;
  }
  at = writeInteger(bytes, at, expiresAt, digits);
  bytes[at++] = CLOSE_BRACE;
  return at === bytes.length ? bytes : bytes.subarray(0, at);
}

/** Characters of a safe integer's decimal text (with its sign). */
function integerLength(n: number): number {
  let length = n < 0 ? 2 : 1;
  for (let rest = Math.abs(n); rest >= 10; rest = (rest - (rest % 10)) / 10) length++;
  return length;
}

/**
 * Writes a safe integer's decimal text (`length` characters, from integerLength) at `at`, as
 * `${n}` spells it, without making that string. Returns the end.
 */
function writeInteger(bytes: Buffer, at: number, n: number, length: number): number {
  const end = at + length;
  let rest = Math.abs(n);
  for (let i = end - 1; i >= at; i--) {
    const digit = rest % 10;
    bytes[i] = 0x30 + digit;
    // Exact: rest - digit is a multiple of 10 (Math.floor(rest / 10) could round up near 2^53).
    rest = (rest - digit) / 10;
  }
  if (n < 0) bytes[at] = 0x2d;
  return end;
}

/**
 * The embedded expiry of a verified body that ends with the entry recordJson writes, cut off:
 * its `,` (or the `}` after an otherwise empty dict's `{`) becomes the closing brace, so that
 * JSON.parse reads `body[0, end)` and the dict needs no `delete` (a slow property removal) nor
 * JSON's slow path for a 13-digit number. Returns the expiry and sets `cut.end`; NaN (and
 * `body` untouched) for any other ending: Django's values, or anything unusual, then take
 * JSON.parse and takeExpiresAt's way. Only for authenticated bytes (it trusts the JSON
 * before the entry to be valid, as JSON.parse will check).
 */
export function cutExpiryEntry(body: Buffer, cut: { end: number }): number {
  const last = body.length - 1;
  if (body[last] !== CLOSE_BRACE) return Number.NaN;
  let first = last;
  while (first > 0 && isDigit(body[first - 1] as number)) first--;
  const digits = last - first;
  // JSON's integers: no leading zero; at most 16 digits (safe integers, checked below).
  if (digits === 0 || digits > 16 || (digits > 1 && body[first] === 0x30)) return Number.NaN;
  const key = first - (ENTRY_HEAD.length - 1);
  if (key < 1) return Number.NaN;
  for (let i = 1; i < ENTRY_HEAD.length; i++) if (body[key + i - 1] !== ENTRY_HEAD[i]) return Number.NaN;
  const before = body[key - 1] as number;
  let value = 0;
  for (let i = first; i < last; i++) value = value * 10 + ((body[i] as number) - 0x30);
  if (!Number.isSafeInteger(value)) return Number.NaN;
  if (before === COMMA && key >= 2 && body[key - 2] !== OPEN_BRACE) {
    body[key - 1] = CLOSE_BRACE;
    cut.end = key;
  } else if (before === OPEN_BRACE && key === 1) {
    body[key] = CLOSE_BRACE;
    cut.end = key + 1;
  } else {
    return Number.NaN;
  }
  return value;
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}


/**
 * Takes the embedded expiry out of a verified dict and returns it. A value Django issued
 * has none; its expiry is then what Django's get_expiry_date gave at signing time.
 */
export function takeExpiresAt(data: SessionData, issuedAt: number, maxAge: number): Date {
  if (Object.hasOwn(data, EXPIRES_AT_KEY)) {
    const embedded = data[EXPIRES_AT_KEY];
    delete data[EXPIRES_AT_KEY];
    if (typeof embedded !== 'number' || !Number.isSafeInteger(embedded)) throw new CookieRejected('undecodable');
    return new Date(embedded);
  }
  const stored = data[EXPIRY_KEY];
  if (typeof stored === 'string') {
    const instant = parseIsoInstant(stored);
    if (instant !== null) return instant;
  }
  const seconds = typeof stored === 'number' && stored > 0 ? stored : maxAge;
  // Django's rule is `age > max_age`: a cookie exactly `seconds` old is still live. A record
  // is live while `expiresAt > now`, so the exclusive bound is one millisecond later.
  return new Date((issuedAt + seconds) * 1000 + 1);
}
