// Deprecated since 0.1 (removed in the next minor): each framework's messages glue now comes from
// its own entry (`/express`, `/fastify`, `/koa`, `/fetch`), so importing `/messages` needs no framework.
import { expressMessages as expressMessagesGlue } from '../frameworks/node/messages.js';
import {
  type FastifyMessagesInstance as FastifyMessagesInstanceGlue,
  type FastifyMessagesReply as FastifyMessagesReplyGlue,
  type FastifyMessagesRequest as FastifyMessagesRequestGlue,
  fastifyMessages as fastifyMessagesGlue,
} from '../frameworks/fastify/messages.js';
import { type KoaMessagesContext as KoaMessagesContextGlue, koaMessages as koaMessagesGlue } from '../frameworks/koa/messages.js';
import { appendSetCookie as appendSetCookieGlue, withMessages as withMessagesGlue } from '../frameworks/fetch/messages.js';
import { type HonoMessagesContext as HonoMessagesContextGlue, honoMessages as honoMessagesGlue } from '../frameworks/hono/messages.js';

/** @deprecated Import `expressMessages` from `@sessionkit/core/express`; this re-export goes in the next minor. */
export const expressMessages = expressMessagesGlue;
/** @deprecated Import `fastifyMessages` from `@sessionkit/core/fastify`; this re-export goes in the next minor. */
export const fastifyMessages = fastifyMessagesGlue;
/** @deprecated Import `koaMessages` from `@sessionkit/core/koa`; this re-export goes in the next minor. */
export const koaMessages = koaMessagesGlue;
/** @deprecated Import `withMessages` from `@sessionkit/core/fetch`; this re-export goes in the next minor. */
export const withMessages = withMessagesGlue;
/** @deprecated Import `honoMessages` from `@sessionkit/core/fetch`; this re-export goes in the next minor. */
export const honoMessages = honoMessagesGlue;
/** @deprecated Import `appendSetCookie` from `@sessionkit/core/fetch`; this re-export goes in the next minor. */
export const appendSetCookie = appendSetCookieGlue;
/** @deprecated Import it from `@sessionkit/core/fastify`. */
export type FastifyMessagesInstance = FastifyMessagesInstanceGlue;
/** @deprecated Import it from `@sessionkit/core/fastify`. */
export type FastifyMessagesReply = FastifyMessagesReplyGlue;
/** @deprecated Import it from `@sessionkit/core/fastify`. */
export type FastifyMessagesRequest = FastifyMessagesRequestGlue;
/** @deprecated Import it from `@sessionkit/core/koa`. */
export type KoaMessagesContext = KoaMessagesContextGlue;
/** @deprecated Import it from `@sessionkit/core/fetch`. */
export type HonoMessagesContext = HonoMessagesContextGlue;
