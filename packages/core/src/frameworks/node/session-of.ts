import type { IncomingMessage } from 'node:http';
import type { SessionData } from '../../engine/types.js';
import { ConfigError } from '../../errors.js';
import type { DataShape, Session } from '../../session/session.js';

/** A Node request that went through the session middleware. */
export type SessionRequest<D extends DataShape<D> = SessionData> = IncomingMessage & { session: Session<D> };

// Its own file so that CSRF and messages glue can find the session without loading the middleware.
/** The session the middleware put on `req`; ConfigError when it did not run. */
export function sessionOf<D extends DataShape<D>>(req: IncomingMessage): Session<D> {
  const session = (req as Partial<SessionRequest<D>>).session;
  if (session === undefined) throw new ConfigError('no session on this request: is the session middleware installed?');
  return session;
}
