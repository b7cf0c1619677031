/**
 * `@sessionkit/core/express`: Express 4 and 5, Connect and plain node:http.
 * No import of express: the middleware is typed on node:http's request and response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppData, AppSession } from './http/app-session.js';
import {
  type NodeSessionMiddleware,
  type SessionHandler,
  createNodeHandler,
  createNodeMiddleware,
  sessionOf,
} from './frameworks/node/session.js';
import type { SessionSource } from './http/source.js';
import type { DataShape, Session } from './session/session.js';

export type { AppData, AppSession } from './http/app-session.js';
export type { NextFunction, NodeSessionMiddleware, SessionHandler, SessionRequest } from './frameworks/node/session.js';
export type { SessionSource } from './http/source.js';

declare global {
  // `req.session` in Express handlers, the way @types/express-session does it. Type the data
  // app-wide by augmenting `SessionKit.Data`.
  namespace Express {
    interface Request {
      session: AppSession;
    }
  }
}

/** `app.use(sessionMiddleware({ engine }))`: `req.session`, committed before the headers leave. */
export function sessionMiddleware<D extends DataShape<D> = AppData>(source: SessionSource<D>): NodeSessionMiddleware {
  return createNodeMiddleware(source);
}

/** `http.createServer(withSession({ engine }, async (req, res) => { ... }))` for bare node:http. */
export function withSession<D extends DataShape<D> = AppData>(
  source: SessionSource<D>,
  handler: SessionHandler<D>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return createNodeHandler(source, handler);
}

/** The request's session, typed without the global augmentation: `getSession<MyData>(req)`. */
export function getSession<D extends DataShape<D> = AppData>(req: IncomingMessage): Session<D> {
  return sessionOf<D>(req);
}
