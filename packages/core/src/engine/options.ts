import { type Clock, resolveClock } from '../clock.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_MAX_DATA_BYTES } from './capabilities.js';
import { DEFAULT_OPERATION_TIMEOUT_MS } from './deadline.js';
import type { CommonEngineOptions } from './types.js';

/** Longest timer Node arms: a longer delay silently fires after 1 ms. */
export const MAX_OPERATION_TIMEOUT_MS = 2_147_483_647;

/** What every stored engine takes: the common options plus its size limit. */
export interface StoredEngineOptions extends CommonEngineOptions {
  /** Largest encoded record, in UTF-8 bytes; 1 MiB by default. */
  maxDataBytes?: number;
}

/** The validated options, defaults filled in. */
export interface StoredEngineSettings {
  readonly clock: Clock;
  readonly operationTimeoutMs: number;
  readonly maxDataBytes: number;
}

/** A whole number of at least 1 (and at most `max`), or `fallback` when unset; else `ConfigError` naming the option. */
export function positiveWholeNumber(
  value: unknown,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > max) {
    throw new ConfigError(`${name} must be a whole number from 1 to ${max}, not ${String(value)}`);
  }
  return value;
}

/** Validates the options every stored engine shares; every failure is a `ConfigError`. */
export function resolveStoredEngineOptions(
  options: StoredEngineOptions,
  defaults: { maxDataBytes?: number } = {},
): StoredEngineSettings {
  return {
    clock: resolveClock(options.clock),
    operationTimeoutMs: positiveWholeNumber(
      options.operationTimeoutMs,
      'operationTimeoutMs',
      DEFAULT_OPERATION_TIMEOUT_MS,
      MAX_OPERATION_TIMEOUT_MS,
    ),
    maxDataBytes: positiveWholeNumber(
      options.maxDataBytes,
      'maxDataBytes',
      defaults.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES,
    ),
  };
}
