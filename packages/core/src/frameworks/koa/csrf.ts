import type { IncomingMessage } from 'node:http';
import type { SessionData } from '../../engine/types.js';
import { ConfigError } from '../../errors.js';
import type { Session } from '../../session/session.js';
import type { Csrf } from '../../contrib/csrf/csrf.js';
import { CsrfError } from '../../contrib/csrf/reasons.js';
import { nodeCsrfRequest } from '../../contrib/csrf/request-facts.js';

/** What the middleware needs of a Koa context (`ctx.secure` and `ctx.host` honour `app.proxy`). */
export interface KoaCsrfContext {
  req: IncomingMessage;
  method: string;
  secure: boolean;
  host: string;
  request: { body?: unknown };
  session?: Session<SessionData>;
  csrfToken?: () => Promise<string>;
}

/**
 * Koa middleware, after the session middleware (and koa-bodyparser for form fields).
 * Sets `ctx.csrfToken()`; a rejection throws CsrfError (403, exposed, Django's reason).
 */
export function koaCsrf(csrf: Csrf): (ctx: KoaCsrfContext, next: () => Promise<unknown>) => Promise<void> {
  return async (ctx, next) => {
    const session = ctx.session;
    if (!session) throw new ConfigError('no ctx.session: install the session middleware before koaCsrf');
    ctx.csrfToken = () => csrf.getToken(session);
    const facts = { method: ctx.method, secure: ctx.secure, host: ctx.host, body: ctx.request.body };
    const verdict = await csrf.verify(session, nodeCsrfRequest(ctx.req.headers, facts, csrf));
    if (!verdict.ok) throw new CsrfError(verdict.reason);
    await next();
  };
}
