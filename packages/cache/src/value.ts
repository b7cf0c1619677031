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
  return `${value.expiresAt} ${value.version}\t${value.data}`;
}

export function decodeStoredValue(text: string): StoredValue | null {
  const end = text.indexOf(HEADER_END);
  const space = text.indexOf(' ');
  if (end < 0 || space < 0 || space > end) return null;
  const expiresAt = Number(text.slice(0, space));
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
  const expiresAt = Number(text.slice(0, space));
  if (!Number.isSafeInteger(expiresAt) || !(expiresAt > now)) return null;
  return text.slice(end + 1);
}

/** Bytes the header can take: a 16-digit expiry, a space, a 128-byte token, a tab. */
export const HEADER_BYTES = 146;
