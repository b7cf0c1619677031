// Deprecated since 0.1 (removed in the next minor): each framework's CSRF glue now comes from its own
// entry (`/express`, `/fastify`, `/koa`, `/fetch`), so importing `/csrf` needs no framework at all.
import { expressCsrf as expressCsrfGlue } from '../frameworks/node/csrf.js';
import { fastifyCsrf as fastifyCsrfGlue } from '../frameworks/fastify/csrf.js';
import { koaCsrf as koaCsrfGlue } from '../frameworks/koa/csrf.js';
import {
  fetchCsrfRequest as fetchCsrfRequestGlue,
  forbidden as forbiddenGlue,
  withCsrf as withCsrfGlue,
} from '../frameworks/fetch/csrf.js';
import { honoCsrf as honoCsrfGlue } from '../frameworks/hono/csrf.js';
import type { FastifyCsrfInstance as FastifyCsrfInstanceGlue, FastifyCsrfRequest as FastifyCsrfRequestGlue } from '../frameworks/fastify/csrf.js';
import type { KoaCsrfContext as KoaCsrfContextGlue } from '../frameworks/koa/csrf.js';
import type { HonoCsrfContext as HonoCsrfContextGlue } from '../frameworks/hono/csrf.js';

/** @deprecated Import `expressCsrf` from `@sessionkit/core/express`; this re-export goes in the next minor. */
export const expressCsrf = expressCsrfGlue;
/** @deprecated Import `fastifyCsrf` from `@sessionkit/core/fastify`; this re-export goes in the next minor. */
export const fastifyCsrf = fastifyCsrfGlue;
/** @deprecated Import `koaCsrf` from `@sessionkit/core/koa`; this re-export goes in the next minor. */
export const koaCsrf = koaCsrfGlue;
/** @deprecated Import `withCsrf` from `@sessionkit/core/fetch`; this re-export goes in the next minor. */
export const withCsrf = withCsrfGlue;
/** @deprecated Import `honoCsrf` from `@sessionkit/core/fetch`; this re-export goes in the next minor. */
export const honoCsrf = honoCsrfGlue;
/** @deprecated Import `fetchCsrfRequest` from `@sessionkit/core/fetch`; this re-export goes in the next minor. */
export const fetchCsrfRequest = fetchCsrfRequestGlue;
/** @deprecated Import `forbidden` from `@sessionkit/core/fetch`; this re-export goes in the next minor. */
export const forbidden = forbiddenGlue;
/** @deprecated Import it from `@sessionkit/core/fastify`. */
export type FastifyCsrfInstance = FastifyCsrfInstanceGlue;
/** @deprecated Import it from `@sessionkit/core/fastify`. */
export type FastifyCsrfRequest = FastifyCsrfRequestGlue;
/** @deprecated Import it from `@sessionkit/core/koa`. */
export type KoaCsrfContext = KoaCsrfContextGlue;
/** @deprecated Import it from `@sessionkit/core/fetch`. */
export type HonoCsrfContext = HonoCsrfContextGlue;
