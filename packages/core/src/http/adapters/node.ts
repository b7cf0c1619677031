import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError } from '../../errors.js';
import type { SessionData } from '../../engine/types.js';
import type { DataShape, Session } from '../../session/session.js';
import type { SessionManager } from '../manager.js';
import { readSessionCookie } from './cookie-header.js';
import { failureResponse } from './failure.js';
import { applyCommitToNode } from './node-headers.js';
import { holdResponse } from './node-hold.js';
import { type SessionSource, toManager } from './source.js';

/** A Node request that went through the session middleware. */
export type SessionRequest<D extends DataShape<D> = SessionData> = IncomingMessage & { session: Session<D> };

/** Connect-style `next`. */
export type NextFunction = (error?: unknown) => void;

/** Middleware for Express 4/5, Connect and anything else with `(req, res, next)` on node:http. */
export type NodeSessionMiddleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

/** A bare node:http handler that receives the session on `req`. */
export type SessionHandler<D extends DataShape<D>> = (req: SessionRequest<D>, res: ServerResponse) => unknown;

/**
 * Opens the session (no I/O) onto `req.session` and holds the response so that the commit
 * runs before any header leaves. A second run on the same request (app and router) is a no-op.
 */
export function createNodeMiddleware<D extends DataShape<D>>(source: SessionSource<D>): NodeSessionMiddleware {
  const manager = toManager(source);
  const seen = new WeakSet<IncomingMessage>();
  return function sessionMiddleware(req, res, next) {
    if (seen.has(req)) return next();
    seen.add(req);
    const session = attach(manager, req);
    holdResponse(res, {
      beforeHeaders: async (status) => applyCommitToNode(res, await manager.commit(session, status)),
      onFailure: (error) => failureResponse(error, manager.logger),
    });
    next();
  };
}

/**
 * Wraps a bare node:http handler: `http.createServer(withSession(options, handler))`.
 * A handler that throws gets a plain error answer: a SessionError's status (503 for an
 * unreachable store), else 500.
 */
export function createNodeHandler<D extends DataShape<D>>(
  source: SessionSource<D>,
  handler: SessionHandler<D>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const manager = toManager(source);
  const middleware = createNodeMiddleware(manager);
  return (req, res) => {
    middleware(req, res, () => {
      Promise.resolve()
        .then(() => handler(req as SessionRequest<D>, res))
        .catch((error: unknown) => answerError(manager, res, error));
    });
  };
}

/** The session the middleware put on `req`; ConfigError when it did not run. */
export function sessionOf<D extends DataShape<D>>(req: IncomingMessage): Session<D> {
  const session = (req as Partial<SessionRequest<D>>).session;
  if (session === undefined) throw new ConfigError('no session on this request: is the session middleware installed?');
  return session;
}

function attach<D extends DataShape<D>>(manager: SessionManager<D>, req: IncomingMessage): Session<D> {
  const session = manager.open(readSessionCookie(req.headers.cookie, manager.settings.cookie.name));
  (req as SessionRequest<D>).session = session;
  return session;
}

function answerError<D extends DataShape<D>>(manager: SessionManager<D>, res: ServerResponse, error: unknown): void {
  const answer = failureResponse(error, manager.logger, 'request handler failed');
  if (res.headersSent || res.writableEnded) {
    res.destroy();
    return;
  }
  // Goes through the hold like any answer: a 5xx saves nothing, a flushed session still loses its cookie.
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.end(answer.body);
}
