import { ConfigError } from './errors.js';

/** The application clock. Engines compare expiry against it, never against a server's NOW(). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A `clock` option: the system clock when unset; ConfigError unless it has `now()`. */
export function resolveClock(clock: Clock | undefined): Clock {
  if (clock === undefined) return systemClock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
    throw new ConfigError('clock must have a now() method');
  }
  return clock;
}
