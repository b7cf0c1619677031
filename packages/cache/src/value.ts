import type { StoredValue } from './store.js';

/**
 * Ends the stored value's header. A tab, not a newline: the `memcached` client escapes every
 * CR and LF in a value (a backslash added on write, taken off on read), so a newline made each
 * write and read copy the value, and the bytes stored differed by client (memjs read the
 * escape's backslash as part of the version).
 */
export const HEADER_END = '\t';

/**
 * The stored value, on Redis and Memcached alike: "<expiresAt ms> <version>\t<codec text>".
 * The exact expiry travels in the value, so a load is one plain GET (Memcached cannot tell a
 * key's remaining TTL, and on Redis GET + PTTL would need a script); `touch` rewrites it.
 */
export function encodeStoredValue(value: StoredValue): string {
  return `${expiryText(value.expiresAt)} ${value.version}\t${value.data}`;
}

/** Where an expiry is cut in two for `expiryText`: each part is then a small integer. */
const SPLIT = 100_000_000;

/**
 * `String(ms)` for an expiry. Epoch milliseconds are too large for V8's small integers, and
 * turning such a number into text took its slow path for doubles (~1k instructions a save);
 * two small integers, the low one padded to 8 digits, take a fraction of that.
 */
export function expiryText(ms: number): string {
  if (!(ms >= SPLIT && Number.isSafeInteger(ms))) return String(ms);
  const high = Math.floor(ms / SPLIT);
  const low = ms - high * SPLIT;
  return low >= SPLIT / 10 ? `${high}${low}` : `${high}${String(low).padStart(8, '0')}`;
}

/**
 * The expiry in the header's first `length` characters: decimal digits only, as written by
 * `expiryText`, read without the slice and Number() of a general parse; NaN for anything else.
 */
function parseExpiry(text: string, length: number): number {
  if (length === 0) return Number.NaN;
  let ms = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    ms = ms * 10 + digit;
  }
  return ms;
}

export function decodeStoredValue(text: string): StoredValue | null {
  const end = text.indexOf(HEADER_END);
  const space = text.indexOf(' ');
  if (end < 0 || space < 0 || space > end) return null;
  const expiresAt = parseExpiry(text, space);
  if (!Number.isSafeInteger(expiresAt)) return null;
  return { expiresAt, version: text.slice(space + 1, end), data: text.slice(end + 1) };
}

/** The stored value when it decodes and its exact expiry is after `now`; else null. */
export function liveStoredValue(text: string | null, now: number): StoredValue | null {
  if (text === null) return null;
  const value = decodeStoredValue(text);
  return value !== null && value.expiresAt > now ? value : null;
}

/**
 * `liveStoredValue(text, now)?.data` without the value object: the codec text of a live stored
 * value, else null (the load that needs neither the expiry nor the version).
 */
export function liveStoredData(text: string | null, now: number): string | null {
  if (text === null) return null;
  const end = text.indexOf(HEADER_END);
  const space = text.indexOf(' ');
  if (end < 0 || space < 0 || space > end) return null;
  const expiresAt = parseExpiry(text, space);
  if (!Number.isSafeInteger(expiresAt) || !(expiresAt > now)) return null;
  return text.slice(end + 1);
}

/** Bytes the header can take: a 16-digit expiry, a space, a 128-byte token, a tab. */
export const HEADER_BYTES = 146;
