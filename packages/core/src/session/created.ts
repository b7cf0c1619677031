/**
 * `absoluteTimeout` (OWASP's absolute session timeout): the creation time, stored in the data
 * under a reserved key as `_session_expiry` is, in whole epoch seconds.
 */
export const CREATED_KEY = '_session_created';

/** When a session created at `created` (the stored value) must die, in ms; 0 when the value is unusable. */
export function absoluteDeadline(created: unknown, absoluteTimeoutSeconds: number): number {
  if (typeof created !== 'number' || !Number.isFinite(created)) return 0;
  return (created + absoluteTimeoutSeconds) * 1000;
}

/** The stored form of `now`. */
export function createdStamp(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}
