import { readSessionCookie } from '../../http/adapters/cookie-header.js';
import type { SessionData } from '../../engine/types.js';
import type { DataShape, Session } from '../../session/session.js';
import type { Messages } from './messages.js';
import type { RequestMessages } from './request-messages.js';

/** The response with one more Set-Cookie: in place when mutable, else a copy sharing the body. */
export function appendSetCookie(response: Response, setCookie: string | null): Response {
  if (setCookie === null) return response;
  try {
    response.headers.append('set-cookie', setCookie);
    return response;
  } catch (error) {
    // By name: the TypeError may come from another realm (undici's, under a test VM).
    if ((error as { name?: unknown } | null)?.name !== 'TypeError') throw error;
  }
  const headers = new Headers(response.headers);
  headers.append('set-cookie', setCookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Wraps a handler given to `withSession` (fetch): the handler gets the messages after the
 * session, and they are stored before the session commits.
 * `withSession(opts, withMessages(messages, async (request, session, flash) => ...))`.
 */
export function withMessages<D extends DataShape<D>, A extends unknown[]>(
  messages: Messages,
  handler: (request: Request, session: Session<D>, flash: RequestMessages, ...rest: A) => Response | Promise<Response>,
): (request: Request, session: Session<D>, ...rest: A) => Promise<Response> {
  return async (request, session, ...rest) => {
    const flash = messages.open({
      cookie: readSessionCookie(request.headers.get('cookie'), messages.cookie.name),
      session,
    });
    const response = await handler(request, session, flash, ...rest);
    return appendSetCookie(response, (await flash.update()).setCookie);
  };
}

/** What the Hono middleware needs of a context. */
export interface HonoMessagesContext {
  readonly req: { readonly raw: Request };
  get res(): Response;
  set res(response: Response | undefined);
  get(key: 'session'): Session<SessionData>;
  set(key: 'messages', value: RequestMessages): void;
}

/** Hono middleware after `honoSession`: `c.get('messages')`. */
export function honoMessages(messages: Messages): (c: HonoMessagesContext, next: () => Promise<void>) => Promise<void> {
  return async (c, next) => {
    const cookie = readSessionCookie(c.req.raw.headers.get('cookie'), messages.cookie.name);
    const flash = messages.open({ cookie, session: c.get('session') });
    c.set('messages', flash);
    await next();
    const response = appendSetCookie(c.res, (await flash.update()).setCookie);
    if (response !== c.res) {
      // Hono's setter merges the old headers into the new response; clearing first keeps ours.
      c.res = undefined;
      c.res = response;
    }
  };
}
