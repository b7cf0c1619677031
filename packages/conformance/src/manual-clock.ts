import type { Clock } from '@sessionkit/core';

/**
 * A clock that moves only when told to. Engines that decide expiry by the injected clock
 * get it from the factory, so a case can step over an expiry instant without waiting.
 */
export class ManualClock implements Clock {
  #now: number;

  /** Starts at `start` (ms since the epoch), the real time by default, so native TTLs stay sane. */
  constructor(start: number | Date = Date.now()) {
    this.#now = toMillis(start);
  }

  now(): number {
    return this.#now;
  }

  set(instant: number | Date): void {
    this.#now = toMillis(instant);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('advance() takes a finite number of ms');
    this.#now += ms;
  }
}

function toMillis(instant: number | Date): number {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  if (!Number.isFinite(ms)) throw new RangeError('a clock instant must be a finite number of ms');
  return ms;
}
