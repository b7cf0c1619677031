/**
 * `@sessionkit/core/fastify`: a Fastify 5 plugin putting the session on `request.session`.
 * No import of fastify (not even types); the plugin carries fastify-plugin's metadata itself.
 */
import { fastifySessionPlugin } from './frameworks/fastify/session.js';

export type { AppData, AppSession } from './http/app-session.js';
export type {
  FastifyInstanceLike,
  FastifyReplyLike,
  FastifyRequestLike,
  FastifySessionOptions,
  FastifySessionPlugin,
  SessionRequestProps,
} from './frameworks/fastify/session.js';
export type { SessionSource } from './http/source.js';
export { type FastifyCsrfInstance, type FastifyCsrfRequest, fastifyCsrf } from './frameworks/fastify/csrf.js';
export {
  type FastifyMessagesInstance,
  type FastifyMessagesReply,
  type FastifyMessagesRequest,
  fastifyMessages,
} from './frameworks/fastify/messages.js';

/**
 * `app.register(sessionPlugin, { engine })` or `app.register(sessionPlugin, { manager })`.
 * Type `request.session` with `declare module 'fastify' { interface FastifyRequest { session: AppSession } }`.
 */
export const sessionPlugin = fastifySessionPlugin;
export default fastifySessionPlugin;
