import { SessionError } from '../../errors.js';
import type { SessionData } from '../../engine/types.js';
import type { DataShape, Session } from '../../session/session.js';
import { commitResponse, errorResponse, openFor } from '../fetch/session.js';
import { urlIsSecure } from '../../http/request-secure.js';
import { type SessionSource, toManager } from '../../http/source.js';

/** Hono's `Variables` for the session: `new Hono<{ Variables: SessionVariables<MyData> }>()`. */
export interface SessionVariables<D extends DataShape<D> = SessionData> {
  session: Session<D>;
}

/** What the middleware needs of a Hono context; Hono's own satisfies it. */
export interface HonoContextLike<D extends DataShape<D> = SessionData> {
  readonly req: { readonly raw: Request };
  get res(): Response;
  set res(response: Response | undefined);
  readonly error: Error | undefined;
  set(key: 'session', value: Session<D>): void;
}

export type HonoSessionMiddleware<D extends DataShape<D>> = (
  c: HonoContextLike<D>,
  next: () => Promise<void>,
) => Promise<void>;

/**
 * Hono middleware: `c.get('session')`. The commit runs once the handler has produced its
 * Response and before Hono hands it to the server, so a streamed body follows the save.
 */
export function createHonoMiddleware<D extends DataShape<D>>(source: SessionSource<D>): HonoSessionMiddleware<D> {
  const manager = toManager(source);
  return async function session(c, next) {
    const opened = openFor(manager, c.req.raw);
    c.set('session', opened);
    await next();
    // Hono turned a thrown error into a 500; a SessionError (store outage: 503) keeps its own status.
    const response =
      c.error instanceof SessionError
        ? errorResponse(manager, c.error, 'request handler failed')
        : await commitResponse(manager, opened, c.res, urlIsSecure(c.req.raw.url));
    if (response !== c.res) replace(c, response);
  };
}

/** Hono's `res` setter merges the old response's headers into the new one; clearing first keeps ours as they are. */
function replace<D extends DataShape<D>>(c: HonoContextLike<D>, response: Response): void {
  c.res = undefined;
  c.res = response;
}
