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
import type { RequestMessages } from './contrib/messages/request-messages.js';
import type { DataShape, Session } from './session/session.js';

export type { AppData, AppSession } from './http/app-session.js';
export type { NextFunction, NodeSessionMiddleware, SessionHandler, SessionRequest } from './frameworks/node/session.js';
export type { SessionSource } from './http/source.js';
export { expressCsrf } from './frameworks/node/csrf.js';
export { expressMessages } from './frameworks/node/messages.js';

// The only place that augments Express's types: importing another framework's entry, `/csrf` or
// `/messages` adds nothing to them.
declare global {
  // `req.session` in Express handlers, the way @types/express-session does it. Type the data
  // app-wide by augmenting `SessionKit.Data`.
  namespace Express {
    interface Request {
      session: AppSession;
      /** Set by `expressCsrf`: a masked CSRF token for this response (forms: `csrfmiddlewaretoken`). */
      csrfToken(): Promise<string>;
      /** Set by `expressMessages`: flash messages, `req.messages.success('Saved.')`, `await req.messages.consume()`. */
      messages: RequestMessages;
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
