import type { SessionData } from '../../engine/types.js';
import type { DataShape, Session } from '../../session/session.js';
import { CSRF_SECRET_LENGTH, CSRF_SESSION_KEY, csrfTokenFormatError, newCsrfSecret, unmaskCsrfToken } from './token.js';

/** The session untyped: `_csrftoken` is a reserved key the app's data type does not list. */
function raw<D extends DataShape<D>>(session: Session<D>): Session<SessionData> {
  return session as unknown as Session<SessionData>;
}

/**
 * Django's `_get_secret` with CSRF_USE_SESSIONS: the stored secret, or null when absent.
 * A 64-character value (the pre-4.0 masked form) is unmasked. Throws the reason fragment
 * when the stored value is malformed.
 */
export async function readCsrfSecret<D extends DataShape<D>>(session: Session<D>): Promise<string | null> {
  const stored = await raw(session).get(CSRF_SESSION_KEY);
  if (stored === undefined || stored === null) return null;
  const value = String(stored);
  const problem = csrfTokenFormatError(value);
  if (problem !== null) throw new InvalidCsrfSecret(problem);
  return value.length === CSRF_SECRET_LENGTH ? value : unmaskCsrfToken(value);
}

/** The stored secret, created and stored (marking the session modified) when absent or malformed. */
export async function ensureCsrfSecret<D extends DataShape<D>>(session: Session<D>): Promise<string> {
  try {
    const secret = await readCsrfSecret(session);
    if (secret !== null) return secret;
  } catch (error) {
    if (!(error instanceof InvalidCsrfSecret)) throw error;
  }
  const secret = newCsrfSecret();
  await raw(session).set(CSRF_SESSION_KEY, secret);
  return secret;
}

/** Django's `rotate_token` (called on login): a new secret, so a token seen before login is void. */
export async function rotateCsrfSecret<D extends DataShape<D>>(session: Session<D>): Promise<void> {
  if (await raw(session).has(CSRF_SESSION_KEY)) await raw(session).set(CSRF_SESSION_KEY, newCsrfSecret());
}

/** A stored secret that is not 32 or 64 characters of [A-Za-z0-9]. */
export class InvalidCsrfSecret extends Error {
  constructor(readonly reason: string) {
    super(`CSRF secret ${reason}`);
  }
}
