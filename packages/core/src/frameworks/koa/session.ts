import type { IncomingMessage, ServerResponse } from 'node:http';
import { SessionConflictError, SessionInterruptedError } from '../../errors.js';
import type { SessionData } from '../../engine/types.js';
import type { DataShape, Session } from '../../session/session.js';
import { CONFLICT_MESSAGE, type SessionManager } from '../../http/manager.js';
import { openFromCookieHeader } from '../../http/open.js';
import { discardBody, failureResponse, failureStatus, logFailure } from '../../http/failure.js';
import { applyCommitToNode, commitHeaderRecord } from '../node/commit-headers.js';
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
    try {
      await next();
    } catch (error) {
      if (hold.release()) throw await withCommitOnError(manager, opened, error, ctx.secure === true);
      throw error;
    }
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

/**
 * Django commits even for a 4xx raised by the view. Koa clears the headers before answering an
 * error and then sets `err.headers`, so the commit's headers travel there. A failed commit wins.
 */
async function withCommitOnError<D extends DataShape<D>>(
  manager: SessionManager<D>,
  session: Session<D>,
  error: unknown,
  secure: boolean,
): Promise<unknown> {
  if (typeof error !== 'object' || error === null) return error;
  const thrown = error as { status?: unknown; statusCode?: unknown; headers?: Record<string, unknown> };
  const declared = thrown.status ?? thrown.statusCode;
  const status = typeof declared === 'number' && declared >= 400 && declared <= 599 ? declared : 500;
  try {
    const result = await manager.commit(session, status, secure);
    thrown.headers = { ...thrown.headers, ...commitHeaderRecord(result, thrown.headers) };
    return error;
  } catch (commitError) {
    logFailure(commitError, failureStatus(commitError), manager.logger);
    return exposed(commitError, manager.exposeErrors);
  }
}
