import type { IncomingMessage, ServerResponse } from 'node:http';
import { openMessages } from '../../contrib/messages/open.js';
import type { SessionData } from '../../engine/types.js';
import type { Session } from '../../session/session.js';
import type { Messages } from '../../contrib/messages/messages.js';
import type { RequestMessages } from '../../contrib/messages/request-messages.js';

/** What the middleware needs of a Koa context. */
export interface KoaMessagesContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** HTTPS, honouring `app.proxy`: sets Secure under `cookie.secure: 'auto'`. */
  readonly secure?: boolean;
  session?: Session<SessionData>;
  messages?: RequestMessages;
}

/**
 * Koa middleware, after the session middleware: `ctx.messages`. Messages are stored once the
 * downstream middleware has settled, before the session middleware commits. A thrown error
 * stores nothing: the request's reads and additions are forgotten, the stored messages stay.
 */
export function koaMessages(
  messages: Messages,
): (ctx: KoaMessagesContext, next: () => Promise<unknown>) => Promise<void> {
  return async (ctx, next) => {
    const flash = openMessages(messages, ctx.req.headers.cookie, ctx.session, ctx.secure === true);
    ctx.messages = flash;
    await next();
    const { setCookie } = await flash.update();
    if (setCookie !== null && !ctx.res.headersSent) ctx.res.appendHeader('Set-Cookie', setCookie);
  };
}
