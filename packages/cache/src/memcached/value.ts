import type { StoredValue } from '../store.js';

/**
 * The Memcached value: "<expiresAt ms> <version>\n<codec text>". Memcached cannot tell a key's
 * remaining TTL, so the expiry travels in the value (and `touch` rewrites it, by CAS).
 */
export function encodeMemcachedValue(value: StoredValue): string {
  return `${value.expiresAt} ${value.version}\n${value.data}`;
}

export function decodeMemcachedValue(text: string): StoredValue | null {
  const newline = text.indexOf('\n');
  const space = text.indexOf(' ');
  if (newline < 0 || space < 0 || space > newline) return null;
  const expiresAt = Number(text.slice(0, space));
  if (!Number.isSafeInteger(expiresAt)) return null;
  return { expiresAt, version: text.slice(space + 1, newline), data: text.slice(newline + 1) };
}

/** Bytes the header can take: a 16-digit expiry, a space, a 128-byte token, a newline. */
export const HEADER_BYTES = 146;
