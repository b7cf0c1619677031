import type { DataShape, Session } from '../../session/session.js';
import type { Csrf } from '../../contrib/csrf/csrf.js';
import type { CsrfRequest } from '../../contrib/csrf/verify.js';

/** The CSRF facts of a Web Request: scheme and host from its URL (as the runtime or proxy set it). */
export async function fetchCsrfRequest(request: Request, csrf: Csrf): Promise<CsrfRequest> {
  const url = new URL(request.url);
  return {
    method: request.method,
    secure: url.protocol === 'https:',
    host: url.host,
    origin: request.headers.get('origin'),
    referer: request.headers.get('referer'),
    headerToken: request.headers.get(csrf.headerName),
    formToken: request.method.toUpperCase() === 'POST' ? await formToken(request, csrf.fieldName) : undefined,
  };
}

/** Reads the form field from a clone, so the handler can still read the body. */
async function formToken(request: Request, field: string): Promise<string | undefined> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return undefined;
  try {
    const value = (await request.clone().formData()).get(field);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The 403 answer: Django's reason in plain text. */
export function forbidden(reason: string): Response {
  return new Response(`Forbidden (${reason})\n`, {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * Wraps a handler given to `withSession` (fetch): unsafe requests are checked first.
 * `withSession(opts, withCsrf(csrf, async (request, session) => ...))`.
 */
export function withCsrf<D extends DataShape<D>, A extends unknown[]>(
  csrf: Csrf,
  handler: (request: Request, session: Session<D>, ...rest: A) => Response | Promise<Response>,
): (request: Request, session: Session<D>, ...rest: A) => Promise<Response> {
  return async (request, session, ...rest) => {
    const verdict = await csrf.verify(session, await fetchCsrfRequest(request, csrf));
    return verdict.ok ? handler(request, session, ...rest) : forbidden(verdict.reason);
  };
}
