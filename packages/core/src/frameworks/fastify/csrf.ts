import type { IncomingHttpHeaders } from 'node:http';
import type { SessionData } from '../../engine/types.js';
import { ConfigError } from '../../errors.js';
import type { Session } from '../../session/session.js';
import { asFastifyPlugin } from './plugin.js';
import type { Csrf } from '../../contrib/csrf/csrf.js';
import { CsrfError } from '../../contrib/csrf/reasons.js';
import { nodeCsrfRequest } from '../../contrib/csrf/request-facts.js';

/** What the hook needs of a Fastify request (`protocol` and `host` honour `trustProxy`). */
export interface FastifyCsrfRequest {
  readonly headers: IncomingHttpHeaders;
  readonly method: string;
  readonly protocol: string;
  readonly host: string;
  readonly body?: unknown;
  session?: Session<SessionData> | null;
  csrfToken?: (() => Promise<string>) | null;
}

export interface FastifyCsrfInstance {
  decorateRequest(name: 'csrfToken', value: null): unknown;
  addHook(name: 'preHandler', hook: (request: FastifyCsrfRequest) => Promise<void>): unknown;
}

/**
 * `app.register(fastifyCsrf, { csrf })`, with the session plugin. The check runs in `preHandler`,
 * after the body is parsed (so `csrfmiddlewaretoken` form fields count, with @fastify/formbody).
 * A rejection throws CsrfError: Fastify answers 403 with Django's reason.
 */
async function csrfPlugin(instance: FastifyCsrfInstance, options: { csrf: Csrf }): Promise<void> {
  const { csrf } = options;
  instance.decorateRequest('csrfToken', null);
  instance.addHook('preHandler', async (request) => {
    const session = request.session;
    if (!session) throw new ConfigError('no request.session: register the session plugin with fastifyCsrf');
    request.csrfToken = () => csrf.getToken(session);
    const facts = {
      method: request.method,
      secure: request.protocol === 'https',
      host: request.host,
      body: request.body,
    };
    const verdict = await csrf.verify(session, nodeCsrfRequest(request.headers, facts, csrf));
    if (!verdict.ok) throw new CsrfError(verdict.reason);
  });
}


export const fastifyCsrf: (instance: FastifyCsrfInstance, options: { csrf: Csrf }) => Promise<void> = asFastifyPlugin(
  csrfPlugin,
  '@sessionkit/core/csrf',
);
