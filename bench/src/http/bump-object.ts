import type { SessionData } from '@sessionkit/core';

/**
 * The read+write step every `visitor` app performs, on a plain object session (express-session,
 * cookie-session): a new visitor's session is filled with `payload` first, then its count goes up.
 */
export function bumpObject(session: Record<string, unknown>, payload: SessionData): string {
  const n = session.n as number | undefined;
  if (n === undefined) Object.assign(session, structuredClone(payload));
  session.n = (n ?? 0) + 1;
  return String(session.n);
}
