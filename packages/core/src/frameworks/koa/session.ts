import type { IncomingMessage, ServerResponse } from 'node:http';
import { SessionConflictError, SessionInterruptedError } from '../../errors.js';
import type { SessionData } from '../../engine/types.js';
import type { DataShape, Session } from '../../session/session.js';
import { CONFLICT_MESSAGE } from '../../http/manager.js';
import { openFromCookieHeader } from '../../http/open.js';
import { discardBody, failureResponse, failureStatus, logFailure } from '../../http/failure.js';
import { applyCommitToNode } from '../node/commit-headers.js';
import { holdResponse } from '../node/hold.js';
import { type SessionSource, toManager } from '../../http/source.js';

/** What the middleware needs of a Koa 2/3 context; Koa's own context satisfies it. */
export interface KoaContextLike {
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
  body?: unknown;
  /** HTTPS, honouring `app.proxy` (X-Forwarded-Proto): sets Secure under `cookie.secure: 'auto'`. */
  secure?: boolean;
}

/** The context properties the middleware adds: `new Koa<DefaultState, SessionContext<MyData>>()`. */
export interface SessionContext<D extends DataShape<D> = SessionData> {
  session: Session<D>;
}

export type KoaSessionMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;

/**
 * Koa middleware: `ctx.session`, committed when the downstream middleware has settled and
 * before Koa writes the response, so a streamed `ctx.body` starts only after the save.
 * Commit errors are thrown into Koa's error handling with their status (400, 503, 500).
 * A thrown error is committed when its response is written, by whatever handler writes it.
 * With `ctx.respond = false` the raw response is held until the commit, as on node:http.
 */
export function createKoaMiddleware<D extends DataShape<D>>(source: SessionSource<D>): KoaSessionMiddleware {
  const manager = toManager(source);
  return async function session(ctx, next) {
    const opened = openFromCookieHeader(manager, ctx.req.headers.cookie);
    (ctx as KoaContextLike & SessionContext<D>).session = opened;
    const hold = holdResponse(ctx.res, {
      beforeHeaders: async (status) =>
        applyCommitToNode(ctx.res, await manager.commit(opened, status, ctx.secure === true)),
      onFailure: (error) => failureResponse(error, manager.logger, undefined, manager.exposeErrors),
    });
    // On a throw the hold stays: the commit runs when the error's response is written, with its
    // final status and after whatever handler wrote it (Koa's onerror clears the headers first).
    await next();
    if (ctx.respond === false || !hold.release()) return;
    try {
      applyCommitToNode(ctx.res, await manager.commit(opened, ctx.res.statusCode, ctx.secure === true));
    } catch (error) {
      logFailure(error, failureStatus(error), manager.logger);
      discardBody(ctx.body);
      throw exposed(error, manager.exposeErrors);
    }
  };
}

/**
 * Koa shows `err.message` only when `expose` is set, else the reason phrase: the same body as the
 * other adapters (see failureBody) when only core's texts written for users (interrupted, conflict) are exposed.
 */
function exposed(error: unknown, exposeErrors: boolean): unknown {
  if (!exposeErrors && error instanceof SessionConflictError && error.message !== CONFLICT_MESSAGE) {
    // An engine's own conflict text never reaches the client: core's words, the engine's as cause.
    return Object.assign(new SessionConflictError(CONFLICT_MESSAGE, { cause: error }), { expose: true });
  }
  if (
    error instanceof SessionInterruptedError ||
    error instanceof SessionConflictError ||
    (exposeErrors && error instanceof Error)
  ) {
    Object.assign(error, { expose: true });
  }
  return error;
}
