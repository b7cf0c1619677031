import { ConfigError } from '../errors.js';
import type { SessionEngine } from '../engine/types.js';
import type { ConcurrencyMode } from '../session/session.js';

/** The concurrency, touch and cap options of `SessionManagerOptions`, checked. */
export interface SessionPolicy {
  readonly concurrency: ConcurrencyMode;
  /** Handler reruns an adapter may make after a `SessionConflictError`. */
  readonly retry: number;
  /** `touchAfter` in ms, or undefined when read-only sessions are never re-expired. */
  readonly touchAfterMs: number | undefined;
  readonly absoluteTimeout: number | undefined;
}

export interface SessionPolicyInput {
  concurrency?: ConcurrencyMode;
  retry?: number;
  touchAfter?: number;
  absoluteTimeout?: number;
}

const MAX_RETRY = 10;

/** Checks the options at start-up; ConfigError names the one that is wrong. */
export function resolvePolicy(input: SessionPolicyInput, engine: SessionEngine, cookieAge: number): SessionPolicy {
  const concurrency = input.concurrency ?? 'last-write-wins';
  if (concurrency !== 'last-write-wins' && concurrency !== 'optimistic') {
    throw new ConfigError('concurrency must be "last-write-wins" or "optimistic"');
  }
  if (concurrency === 'optimistic' && engine.capabilities.optimisticConcurrency !== true) {
    throw new ConfigError(
      `concurrency "optimistic" needs an engine that stores version tokens; ${engine.name} does not declare capabilities.optimisticConcurrency`,
    );
  }
  const retry = input.retry ?? 0;
  if (!Number.isInteger(retry) || retry < 0 || retry > MAX_RETRY) {
    throw new ConfigError(`retry must be a whole number from 0 to ${MAX_RETRY}`);
  }
  if (retry > 0 && concurrency !== 'optimistic') throw new ConfigError('retry only applies with concurrency "optimistic"');
  const { touchAfter, absoluteTimeout } = input;
  if (touchAfter !== undefined && (!Number.isInteger(touchAfter) || touchAfter < 0 || touchAfter >= cookieAge)) {
    throw new ConfigError('touchAfter must be a whole number of seconds, at least 0 and below cookie.age');
  }
  if (absoluteTimeout !== undefined && (!Number.isInteger(absoluteTimeout) || absoluteTimeout <= 0)) {
    throw new ConfigError('absoluteTimeout must be a positive whole number of seconds');
  }
  return Object.freeze({
    concurrency,
    retry,
    touchAfterMs: touchAfter === undefined ? undefined : touchAfter * 1000,
    absoluteTimeout,
  });
}
