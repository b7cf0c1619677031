import type { IncomingHttpHeaders } from 'node:http';
import type { SessionData } from '../../engine/types.js';
import type { DataShape, Session } from '../../session/session.js';
import type { SessionManager } from '../../http/manager.js';
import { writeCommitHeaders } from '../../http/commit-headers.js';
import type { CommitResult } from '../../http/manager.js';
import { openFromCookieHeader } from '../../http/open.js';
import { asFastifyPlugin } from './plugin.js';
import { discardBody, failureResponse } from '../../http/failure.js';
import { type SessionSource, toManager } from '../../http/source.js';

/** What the plugin needs of a Fastify request; Fastify's own satisfies it. */
export interface FastifyRequestLike {
  readonly headers: IncomingHttpHeaders;
  /** 'https' honours `trustProxy`: sets Secure under `cookie.secure: 'auto'`. */
  readonly protocol?: string;
}

/** What the plugin needs of a Fastify reply. */
export interface FastifyReplyLike {
  readonly statusCode: number;
  getHeader(name: string): unknown;
  getHeaders(): Record<string, unknown>;
  removeHeader(name: string): unknown;
  header(name: string, value: string | string[]): unknown;
  code(status: number): unknown;
}

/** What the plugin needs of a Fastify instance. Methods, so Fastify's overloads fit. */
export interface FastifyInstanceLike {
  decorateRequest(name: 'session', value: null): unknown;
  addHook(name: 'onRequest' | 'onSend', hook: (...args: never[]) => unknown): unknown;
}

/** A session request: `declare module 'fastify' { interface FastifyRequest { session: AppSession } }`. */
export interface SessionRequestProps<D extends DataShape<D> = SessionData> {
  session: Session<D>;
}

/** Plugin options: the manager options, or `{ manager }` to share one manager between apps. */
export type FastifySessionOptions<D extends DataShape<D> = SessionData> =
  | SessionSource<D>
  | { manager: SessionManager<D> };

export type FastifySessionPlugin = <D extends DataShape<D>>(
  instance: FastifyInstanceLike,
  options: FastifySessionOptions<D>,
) => Promise<void>;

/**
 * Fastify 5 plugin. `onRequest` opens the session (no I/O) onto `request.session`; `onSend`
 * commits it before Fastify writes the headers, so a streamed payload starts only after the
 * save. A failed commit replaces the reply with the same plain-text answer as every other
 * adapter (400, 409, 500, 503; no engine text unless `exposeErrors`), not Fastify's error
 * handler, whose default reply shows the error's message.
 */
async function sessionPlugin<D extends DataShape<D>>(
  instance: FastifyInstanceLike,
  options: FastifySessionOptions<D>,
): Promise<void> {
  const manager = toManager('manager' in options ? options.manager : options);
  const sessions = new WeakMap<FastifyRequestLike, Session<D> | Commit>();
  instance.decorateRequest('session', null);
  instance.addHook('onRequest', async (request: FastifyRequestLike & SessionRequestProps<D>) => {
    request.session = openFromCookieHeader(manager, request.headers.cookie);
    sessions.set(request, request.session);
  });
  instance.addHook('onSend', async (request: FastifyRequestLike, reply: FastifyReplyLike, payload: unknown) => {
    let commit = sessions.get(request);
    if (commit === undefined) return payload;
    if (!(commit instanceof Commit)) {
      commit = new Commit(manager.commit(commit, reply.statusCode, request.protocol === 'https'));
      sessions.set(request, commit);
    }
    try {
      // A second send while the first awaits the save (an async handler that called
      // reply.send() without returning reply) waits for the same commit: whichever send
      // writes the response carries its headers, applied once.
      const result = await commit.result;
      if (!commit.applied) applyToReply(reply, result);
      commit.applied = true;
    } catch (error) {
      const answer = failureResponse(error, manager.logger, undefined, manager.exposeErrors);
      discardBody(payload);
      // None of the app's headers (its cookies, its content type or length) describe this answer.
      for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
      reply.code(answer.status);
      for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
      return answer.body;
    }
    return payload;
  });
}

/** A request's commit under way, shared by every `onSend` of that request. */
class Commit {
  applied = false;
  constructor(readonly result: Promise<CommitResult>) {}
}

function applyToReply(reply: FastifyReplyLike, result: CommitResult): void {
  writeCommitHeaders(
    {
      get: (name) => reply.getHeader(name),
      set: (name, value) => reply.header(name, value),
      // Fastify appends to an existing set-cookie header.
      appendSetCookie: (value) => reply.header('set-cookie', value),
    },
    result,
  );
}

export const fastifySessionPlugin: FastifySessionPlugin = asFastifyPlugin(sessionPlugin, '@sessionkit/core/fastify');
