import type { IncomingMessage, ServerResponse } from 'node:http';
import { SessionConflictError } from '../../errors.js';
import type { FullLogger } from '../../logger.js';
import { nodeIsSecure } from '../../http/request-secure.js';
import { ADAPTER_STATE, type DataShape, Session } from '../../session/session.js';
import type { SessionManager } from '../../http/manager.js';
import { openFromCookieHeader } from '../../http/open.js';
import { failureResponse, logFailure } from '../../http/failure.js';
import { applyCommitToNode } from './commit-headers.js';
import { cookieHeaderOf } from './cookie-header.js';
import { type HoldCallbacks, holdResponse } from './hold.js';
import { type HeldBase, heldBaseOf } from './held-prototype.js';
import { type SessionSource, toManager } from '../../http/source.js';

import { type SessionRequest, sessionOf } from './session-of.js';

export { type SessionRequest, sessionOf };

/** Connect-style `next`. */
export type NextFunction = (error?: unknown) => void;

/** Middleware for Express 4/5, Connect and anything else with `(req, res, next)` on node:http. */
export type NodeSessionMiddleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

/** A bare node:http handler that receives the session on `req`. */
export type SessionHandler<D extends DataShape<D>> = (req: SessionRequest<D>, res: ServerResponse) => unknown;

/**
 * Per request: the session's response hold, kept on the session itself (ADAPTER_STATE).
 * A class, not an object literal: V8 may pretenure a literal's allocation site (allocate it in
 * the old generation) once its objects survive young-generation GCs, and an old object pointing
 * at each request's young objects keeps them alive through every scavenge until the next full GC
 * (measured: scavenges of 21 ms instead of 0.6, untouched requests at 1.6x the CPU).
 */
class Opened<D extends DataShape<D>> {
  session!: Session<D>;
  held = false;
  /** The hold let the response out untouched: the session was not in use when it started. */
  released = false;
  /** `withSession` with `retry`: runs the handler again after a conflict, while reruns are left. */
  rerun: (() => void) | undefined = undefined;
  rerunsLeft = 0;
  /** The shared prototype that holds `res` (Express; see held-prototype.ts), chosen when the session was opened. */
  base: HeldBase | undefined = undefined;

  constructor(
    readonly res: ServerResponse,
    /**
     * The session cookie's name: a second opening for the same cookie on the same request (the
     * middleware in the app and in a router, two instances or one) is a no-op.
     */
    readonly cookieName: string,
    readonly callbacks: HoldCallbacks<Opened<D>>,
    readonly logger: FullLogger,
  ) {}
}

const TOO_LATE =
  'session used after the response headers were sent: changes made now are not saved (do the session work before the response starts)';

/**
 * Opens the session (no I/O) onto `req.session` and holds the response so that the commit
 * runs before any header leaves. A second run on the same request (app and router) is a no-op.
 * `req.session` is the only property added to the request (see ADAPTER_STATE).
 */
export function createNodeMiddleware<D extends DataShape<D>>(source: SessionSource<D>): NodeSessionMiddleware {
  const open = nodeOpener(toManager(source));
  return function sessionMiddleware(req, res, next) {
    open(req, res);
    next();
  };
}

/**
 * The middleware's work, without `next`: `withSession` calls it and then its handler, with no
 * closure per request. A request whose session for the same cookie is open already keeps it.
 */
function nodeOpener<D extends DataShape<D>>(
  manager: SessionManager<D>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const cookieName = manager.settings.cookie.name;
  // One callbacks object for every request: the per-request state travels as the hold's context.
  const callbacks: HoldCallbacks<Opened<D>> = {
    needed(_status, _res, opened) {
      if (manager.needsCommit(opened.session)) return true;
      opened.released = true;
      return false;
    },
    beforeHeaders(status, res, { session }) {
      return manager.commit(session, status, nodeIsSecure(res.req)).then((result) => applyCommitToNode(res, result));
    },
    onFailure(error) {
      return failureResponse(error, manager.logger, undefined, manager.exposeErrors);
    },
    shouldRerun(error, opened) {
      if (!(error instanceof SessionConflictError) || opened.rerun === undefined || !opened.rerunsLeft) return false;
      opened.rerunsLeft -= 1;
      return true;
    },
    rerun(_res, opened) {
      manager.logger.debug('session conflict: running the handler again on fresh session data');
      opened.rerun?.();
    },
  };
  return (req, res) => {
    if (openedOf(req)?.cookieName === cookieName) return;
    const opened = new Opened(res, cookieName, callbacks, manager.logger);
    openOnto(manager, req, opened);
    // Held before the handler runs, as express-session patches `res.end`: a handler may take
    // `res.end` before its first session use (`res.end(await req.session.get('n'))`). An
    // untouched session lets the response through unqueued at its first send (`needed`).
    // A response held through the shared prototype (Express) is the exception: the methods any
    // handler can take are the prototype's, which find the hold when called, so the hold waits
    // for the session's first use (none on an untouched request: nothing added to the response).
    opened.base = heldBaseOf(res);
    if (opened.base === undefined || manager.needsCommit(opened.session)) hold(opened);
  };
}

/** A fresh session (no I/O) from the request's cookie, onto `req.session`. */
function openOnto<D extends DataShape<D>>(manager: SessionManager<D>, req: IncomingMessage, opened: Opened<D>): void {
  opened.session = openFromCookieHeader(manager, cookieHeaderOf(req), sessionTouched);
  opened.session[ADAPTER_STATE] = opened;
  // A plain own property, on Express too. Keeping it off the request (a prototype accessor over a
  // WeakMap) cost more: a WeakMap's entries are ephemerons, and V8's scavenger keeps each value
  // alive, here the session and through its hold the whole request and response, so every
  // request survived its first scavenge (Express untouched, bench: 0.84× → 0.95× bare on CPU).
  (req as { session?: unknown }).session = opened.session;
}

/**
 * Holds the response for the session now, even if the handler never touches it. Middleware that
 * holds the response itself and may write to the session at commit (messages) calls this first,
 * so its hold wraps the session's and the session still commits after it.
 */
export function holdSessionResponse(req: IncomingMessage): void {
  const opened = openedOf(req);
  if (opened !== undefined) hold(opened);
}

/** The node adapter's state for this request, if its middleware ran. */
function openedOf(req: IncomingMessage): Opened<never> | undefined {
  const session = (req as { session?: unknown }).session;
  return session instanceof Session ? (session[ADAPTER_STATE] as Opened<never> | undefined) : undefined;
}

/** The session's first use (one function for every request; its state rides on the session). */
function sessionTouched<D extends DataShape<D>>(session: Session<D>): void {
  holdOrWarn(session[ADAPTER_STATE] as Opened<D>);
}

/** The session's first use: holds the response, or says why nothing will be saved. */
function holdOrWarn<D extends DataShape<D>>(opened: Opened<D>): void {
  if (opened.released || (!opened.held && opened.res.headersSent)) opened.logger.warn(TOO_LATE);
  hold(opened);
}

/** Holds the response once; a session first touched after the headers left is not saved (see docs). */
function hold<D extends DataShape<D>>(opened: Opened<D>): void {
  if (opened.held || opened.res.headersSent) return;
  opened.held = true;
  holdResponse(opened.res, opened.callbacks, opened, opened.base ?? null);
}

/**
 * Wraps a bare node:http handler: `http.createServer(withSession(options, handler))`.
 * A handler that throws gets a plain error answer: a SessionError's status (503 for an
 * unreachable store), else 500.
 *
 * With `concurrency: 'optimistic'` and `retry: n`, a conflict at commit reruns the handler (up
 * to n times, then 409) on a freshly loaded `req.session` and the reset response, provided its
 * run had ended the response (`res.end`) before the conflict came back: the held output is
 * dropped unsent. A response still being streamed gets the 409. The rerun sees the same `req`,
 * whose body stream was already read: read the body before touching the session and keep it.
 */
export function createNodeHandler<D extends DataShape<D>>(
  source: SessionSource<D>,
  handler: SessionHandler<D>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const manager = toManager(source);
  const open = nodeOpener(manager);
  const fail = (res: ServerResponse, error: unknown): void => answerError(manager, res, error);
  type Failed = (res: ServerResponse, error: unknown) => void;
  const run = (req: IncomingMessage, res: ServerResponse, failed: Failed): void => {
    // Called right away, not a microtask later: a synchronous handler then costs no promise.
    let result: unknown;
    try {
      result = handler(req as SessionRequest<D>, res);
    } catch (error) {
      failed(res, error);
      return;
    }
    if (isThenable(result)) result.then(undefined, (error: unknown) => failed(res, error));
  };
  if (manager.policy.retry === 0) {
    return function sessionHandler(req, res) {
      open(req, res);
      run(req, res, fail);
    };
  }
  return function sessionHandler(req, res) {
    open(req, res);
    const opened = openedOf(req) as Opened<D> | undefined;
    let attempt = 0;
    const runAttempt = (): void => {
      const mine = ++attempt;
      // A run that was replaced must not answer over its successor.
      run(req, res, (_, error) => (mine === attempt ? fail(res, error) : logFailure(error, 500, manager.logger)));
    };
    if (opened !== undefined) {
      opened.rerunsLeft = manager.policy.retry;
      opened.rerun = () => {
        openOnto(manager, req, opened);
        runAttempt();
      };
    }
    runAttempt();
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function answerError<D extends DataShape<D>>(manager: SessionManager<D>, res: ServerResponse, error: unknown): void {
  const answer = failureResponse(error, manager.logger, 'request handler failed', manager.exposeErrors);
  if (res.headersSent || res.writableEnded) {
    res.destroy();
    return;
  }
  // Goes through the hold like any answer: a 5xx saves nothing, a flushed session still loses its cookie.
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.end(answer.body);
}
