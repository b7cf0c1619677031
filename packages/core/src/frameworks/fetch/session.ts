import { SessionConflictError, SessionError } from '../../errors.js';
import type { DataShape, Session } from '../../session/session.js';
import type { SessionManager } from '../../http/manager.js';
import { openFromCookieHeader } from '../../http/open.js';
import { discardBody, failureResponse } from '../../http/failure.js';
import { withCommitHeaders } from './commit-headers.js';
import { urlIsSecure } from '../../http/request-secure.js';
import { type SessionSource, toManager } from '../../http/source.js';

/** A Web handler given the session: `(request, session, ...rest)`; `rest` is e.g. Next.js's `{ params }`. */
export type FetchSessionHandler<D extends DataShape<D>, A extends unknown[]> = (
  request: Request,
  session: Session<D>,
  ...rest: A
) => Response | Promise<Response>;

/**
 * Wraps a Web handler. The handler's Response is committed before it is handed back, so its
 * headers carry the cookie and its body (even a stream) reaches the client only after the save.
 * A SessionError from the handler (an unreachable store: 503) or from the commit becomes a
 * plain-text answer with its status; any other handler error is rethrown.
 *
 * With `concurrency: 'optimistic'` and `retry: n`, a conflict at commit discards the handler's
 * Response (nothing of it was sent) and runs the handler again, on a freshly loaded session and
 * a fresh clone of the request (so its body can be read again), up to n times; then 409.
 */
export function createFetchHandler<D extends DataShape<D>, A extends unknown[]>(
  source: SessionSource<D>,
  handler: FetchSessionHandler<D, A>,
): (request: Request, ...rest: A) => Promise<Response> {
  const manager = toManager(source);
  const run = async (request: Request, rest: A, rerunOnConflict: boolean): Promise<Response | null> => {
    const session = openFor(manager, request);
    let response: Response;
    try {
      response = await handler(request, session, ...rest);
    } catch (error) {
      if (error instanceof SessionError) return errorResponse(manager, error, 'request handler failed');
      throw error;
    }
    return commitAttempt(manager, session, response, rerunOnConflict, urlIsSecure(request.url));
  };
  const retry = manager.policy.retry;
  // Without reruns a conflict is answered (409), never null.
  if (retry === 0) return (request, ...rest) => run(request, rest, false) as Promise<Response>;
  return async (request, ...rest) => {
    // Reruns get a clone each, taken before the body is read; the last try gets the request itself.
    for (let rerun = 0; rerun < retry; rerun++) {
      const response = await run(request.clone(), rest, true);
      if (response !== null) return response;
      manager.logger.debug('session conflict: running the handler again on fresh session data');
    }
    return (await run(request, rest, false)) as Response;
  };
}

/** The request's session, without I/O. */
export function openFor<D extends DataShape<D>>(manager: SessionManager<D>, request: Request): Session<D> {
  return openFromCookieHeader(manager, request.headers.get('cookie'));
}

/** Commits `session` for `response`: the response with the headers, or the error answer. */
export async function commitResponse<D extends DataShape<D>>(
  manager: SessionManager<D>,
  session: Session<D>,
  response: Response,
  secureRequest = false,
): Promise<Response> {
  return (await commitAttempt(manager, session, response, false, secureRequest)) as Response;
}

/** As `commitResponse`; null (the response discarded) for a conflict the caller will rerun. */
async function commitAttempt<D extends DataShape<D>>(
  manager: SessionManager<D>,
  session: Session<D>,
  response: Response,
  rerunOnConflict: boolean,
  secureRequest: boolean,
): Promise<Response | null> {
  try {
    return withCommitHeaders(response, await manager.commit(session, response.status, secureRequest));
  } catch (error) {
    discardBody(response.body);
    return rerunOnConflict && error instanceof SessionConflictError ? null : errorResponse(manager, error);
  }
}

export function errorResponse<D extends DataShape<D>>(
  manager: SessionManager<D>,
  error: unknown,
  what?: string,
): Response {
  const answer = failureResponse(error, manager.logger, what, manager.exposeErrors);
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
