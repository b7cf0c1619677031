import { openMessages } from '../../contrib/messages/open.js';
import { urlIsSecure } from '../../http/request-secure.js';
import type { DataShape, Session } from '../../session/session.js';
import type { Messages } from '../../contrib/messages/messages.js';
import type { RequestMessages } from '../../contrib/messages/request-messages.js';

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
    const flash = openMessages(messages, request.headers.get('cookie'), session, urlIsSecure(request.url));
    const response = await handler(request, session, flash, ...rest);
    return appendSetCookie(response, (await flash.update()).setCookie);
  };
}
