/** Memcached's key limit. */
export const MEMCACHED_MAX_KEY_BYTES = 250;

/** What an item costs besides key and value (item header, CAS, suffix), with room to spare. */
export const MEMCACHED_ITEM_OVERHEAD = 256;

/**
 * The exptime that ends an item at once (text protocol: a negative exptime is already past).
 * Never for memjs: the binary protocol reads it as an unsigned 32-bit absolute time, far ahead.
 */
export const EXPIRED_NOW = -1;

/**
 * Bytes the `memcached` client sends for a value: it puts a backslash before every CR and LF,
 * so the item is larger than the text the engine checked against `maxDataBytes`.
 */
export function escapedBytes(value: string): number {
  let breaks = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 10 || code === 13) breaks++;
  }
  return Buffer.byteLength(value) + breaks;
}
