/**
 * `@sessionkit/core/koa`: Koa 2 and 3 middleware putting the session on `ctx.session`.
 * No import of koa: the middleware is typed structurally.
 */
import type { AppData } from './http/app-session.js';
import { type KoaSessionMiddleware, createKoaMiddleware } from './frameworks/koa/session.js';
import type { SessionSource } from './http/source.js';
import type { DataShape } from './session/session.js';

export type { AppData, AppSession } from './http/app-session.js';
export type { KoaContextLike, KoaSessionMiddleware, SessionContext } from './frameworks/koa/session.js';
export type { SessionSource } from './http/source.js';
export { type KoaCsrfContext, koaCsrf } from './frameworks/koa/csrf.js';
export { type KoaMessagesContext, koaMessages } from './frameworks/koa/messages.js';

/** `app.use(sessionMiddleware({ engine }))`; type `ctx.session` with `new Koa<DefaultState, SessionContext<D>>()`. */
export function sessionMiddleware<D extends DataShape<D> = AppData>(source: SessionSource<D>): KoaSessionMiddleware {
  return createKoaMiddleware(source);
}
