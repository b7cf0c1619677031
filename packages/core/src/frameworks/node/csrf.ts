import type { IncomingMessage, ServerResponse } from 'node:http';
import { sessionOf } from './session-of.js';
import type { SessionData } from '../../engine/types.js';
import type { Csrf } from '../../contrib/csrf/csrf.js';
import { CsrfError } from '../../contrib/csrf/reasons.js';
import { nodeCsrfRequest, nodeIsSecure } from '../../contrib/csrf/request-facts.js';


type Next = (error?: unknown) => void;

/**
 * Express/Connect middleware, after the session middleware (and after a form body parser, for
 * `csrfmiddlewaretoken` fields). Rejections go to `next(CsrfError)`: status 403, Django's reason.
 */
export function expressCsrf(csrf: Csrf): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  return (req, _res, next) => {
    const session = sessionOf<SessionData>(req);
    (req as IncomingMessage & { csrfToken: () => Promise<string> }).csrfToken = () => csrf.getToken(session);
    const facts = {
      method: req.method ?? 'GET',
      secure: nodeIsSecure(req),
      host: undefined,
      body: (req as { body?: unknown }).body,
    };
    csrf.verify(session, nodeCsrfRequest(req.headers, facts, csrf)).then(
      (verdict) => next(verdict.ok ? undefined : new CsrfError(verdict.reason)),
      (error: unknown) => next(error),
    );
  };
}
