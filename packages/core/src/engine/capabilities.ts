import { DEFAULT_KEY_PATTERN, DEFAULT_MAX_KEY_LENGTH, DEFAULT_MIN_KEY_LENGTH } from './keys.js';
import type { EngineCapabilities } from './types.js';

/** Default cap on one encoded record for stored engines. */
export const DEFAULT_MAX_DATA_BYTES = 1024 * 1024;

/**
 * What a stored engine that decides expiry by the application clock declares: Django's key
 * rules, real deletion, batched cleanup, millisecond expiry. Override what differs.
 */
export function storedEngineCapabilities(overrides: Partial<EngineCapabilities> = {}): EngineCapabilities {
  return Object.freeze({
    keyPattern: DEFAULT_KEY_PATTERN,
    minKeyLength: DEFAULT_MIN_KEY_LENGTH,
    maxKeyLength: DEFAULT_MAX_KEY_LENGTH,
    storage: 'stored',
    exists: true,
    revocable: true,
    clearExpired: 'supported',
    ttlResolutionMs: 1,
    usesInjectedClock: true,
    maxDataBytes: DEFAULT_MAX_DATA_BYTES,
    ...overrides,
  });
}
