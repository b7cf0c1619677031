/** Memcached reads an exptime over 30 days as an absolute Unix time, not a relative TTL. */
export const MAX_RELATIVE_TTL_SECONDS = 2_592_000;

/**
 * The exptime to send for an absolute expiry: whole seconds rounded up (the item lives at
 * least until `expiresAtMs`), relative up to 30 days, the absolute Unix time beyond (the
 * `memcached` and memjs clients send the number as given). An expiry at or before now gets a
 * second here, so the store never asks: it ends the item instead (see store.ts).
 */
export function memcachedExptime(expiresAtMs: number, nowMs: number): number {
  const seconds = Math.max(1, Math.ceil((expiresAtMs - nowMs) / 1000));
  return seconds > MAX_RELATIVE_TTL_SECONDS ? Math.ceil(expiresAtMs / 1000) : seconds;
}
