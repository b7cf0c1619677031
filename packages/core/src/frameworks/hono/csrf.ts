import type { SessionData } from '../../engine/types.js';
import type { Csrf } from '../../contrib/csrf/csrf.js';
import type { Session } from '../../session/session.js';
import { fetchCsrfRequest, forbidden } from '../fetch/csrf.js';

/** What the Hono middleware needs of a context. */
export interface HonoCsrfContext {
  readonly req: { readonly raw: Request };
  get(key: 'session'): Session<SessionData>;
  set(key: 'csrfToken', value: () => Promise<string>): void;
}

/** Hono middleware after `honoSession`: `c.get('csrfToken')()`; a rejection answers 403. */
export function honoCsrf(csrf: Csrf): (c: HonoCsrfContext, next: () => Promise<void>) => Promise<Response | undefined> {
  return async (c, next) => {
    const session = c.get('session');
    c.set('csrfToken', () => csrf.getToken(session));
    const verdict = await csrf.verify(session, await fetchCsrfRequest(c.req.raw, csrf));
    if (!verdict.ok) return forbidden(verdict.reason);
    await next();
    return undefined;
  };
}
