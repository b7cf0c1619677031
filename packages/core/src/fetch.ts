/**
 * `@sessionkit/core/fetch`: Web `Request`/`Response` handlers (Next.js route handlers, Bun,
 * Deno, workers) and a Hono middleware. No import of hono; no Node-only API in the adapter.
 */
import type { AppData } from './http/app-session.js';
import { type FetchSessionHandler, createFetchHandler } from './frameworks/fetch/session.js';
import { type HonoSessionMiddleware, createHonoMiddleware } from './frameworks/hono/session.js';
import type { SessionSource } from './http/source.js';
import type { DataShape } from './session/session.js';

export type { AppData, AppSession } from './http/app-session.js';
export type { FetchSessionHandler } from './frameworks/fetch/session.js';
export type { HonoContextLike, HonoSessionMiddleware, SessionVariables } from './frameworks/hono/session.js';
export type { SessionSource } from './http/source.js';
export { fetchCsrfRequest, forbidden, withCsrf } from './frameworks/fetch/csrf.js';
export { type HonoCsrfContext, honoCsrf } from './frameworks/hono/csrf.js';
export { appendSetCookie, withMessages } from './frameworks/fetch/messages.js';
export { type HonoMessagesContext, honoMessages } from './frameworks/hono/messages.js';

/** `export const GET = withSession({ engine }, async (request, session) => Response.json(...))`. */
export function withSession<D extends DataShape<D> = AppData, A extends unknown[] = []>(
  source: SessionSource<D>,
  handler: FetchSessionHandler<D, A>,
): (request: Request, ...rest: A) => Promise<Response> {
  return createFetchHandler(source, handler);
}

/** `app.use(honoSession({ engine }))` on `new Hono<{ Variables: SessionVariables<D> }>()`. */
export function honoSession<D extends DataShape<D> = AppData>(source: SessionSource<D>): HonoSessionMiddleware<D> {
  return createHonoMiddleware(source);
}
