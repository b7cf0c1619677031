import type { SessionData } from '../engine/types.js';

/**
 * `absoluteTimeout` (OWASP's absolute session timeout): the creation time, stored in the data
 * under a reserved key as `_session_expiry` is, in whole epoch seconds.
 */
export const CREATED_KEY = '_session_created';

/** When a session created at `created` (the stored value) must die, in ms; 0 when the value is unusable. */
function absoluteDeadline(created: unknown, absoluteTimeoutSeconds: number): number {
  if (typeof created !== 'number' || !Number.isFinite(created)) return 0;
  return (created + absoluteTimeoutSeconds) * 1000;
}

/** The stored form of `now`. */
export function createdStamp(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/**
 * When `absoluteTimeout` ends a session whose data holds `created` (undefined: not stamped yet,
 * so it counts from `nowMs`), or undefined without the option.
 */
export function sessionDeadline(
  created: unknown,
  absoluteTimeout: number | undefined,
  nowMs: number,
): Date | undefined {
  if (absoluteTimeout === undefined) return undefined;
  return new Date(absoluteDeadline(created ?? createdStamp(nowMs), absoluteTimeout));
}

/** Whether stored `data` is past the limit. A creation time that is not a number fails closed. */
export function pastAbsoluteTimeout(data: SessionData, absoluteTimeout: number | undefined, nowMs: number): boolean {
  if (absoluteTimeout === undefined || !Object.hasOwn(data, CREATED_KEY)) return false;
  return absoluteDeadline(data[CREATED_KEY], absoluteTimeout) <= nowMs;
}
