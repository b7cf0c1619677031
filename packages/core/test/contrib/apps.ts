import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Readable } from 'node:stream';
import type { Session, SessionData, SessionManager } from '@sessionkit/core';
import { type Csrf, expressCsrf, fastifyCsrf, honoCsrf, koaCsrf, withCsrf } from '@sessionkit/core/csrf';
import { sessionMiddleware as expressSession } from '@sessionkit/core/express';
import { sessionPlugin } from '@sessionkit/core/fastify';
import { honoSession, withSession as fetchSession } from '@sessionkit/core/fetch';
import { sessionMiddleware as koaSession } from '@sessionkit/core/koa';
import {
  expressMessages,
  fastifyMessages,
  honoMessages,
  koaMessages,
  type Messages,
  type RequestMessages,
  withMessages,
} from '@sessionkit/core/messages';
import { listen, listenFastify, type RunningApp } from '../adapters/support/apps';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';

/** The app every adapter serves: GET /form gives a token, POST /save adds messages and redirects, GET /show lists them. */
export interface Kit {
  manager: SessionManager<SessionData>;
  csrf: Csrf;
  messages: Messages;
}

export type Running = RunningApp;

type Answer = { status: number; body?: unknown; location?: string };

/** The framework-neutral handler. */
async function handle(
  method: string,
  path: string,
  query: URLSearchParams,
  token: () => Promise<string>,
  flash: RequestMessages,
): Promise<Answer> {
  if (method === 'GET' && path === '/form') return { status: 200, body: { token: await token() } };
  if (method === 'POST' && path === '/save') {
    for (const text of query.getAll('m')) flash.success(text);
    return { status: 302, location: '/show' };
  }
  if (method === 'GET' && path === '/show') return { status: 200, body: (await flash.consume()).map(String) };
  return { status: 404 };
}


const urlOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://x');

export const APPS: { name: string; start(kit: Kit): Promise<Running> }[] = [
  {
    name: 'express',
    async start(kit) {
      const app = express();
      app.use(expressSession(kit.manager));
      app.use(express.urlencoded({ extended: false }));
      app.use(expressMessages(kit.messages));
      app.use(expressCsrf(kit.csrf));
      app.use(async (req, res) => {
        const url = urlOf(req);
        const answer = await handle(req.method, url.pathname, url.searchParams, () => req.csrfToken(), req.messages);
        if (answer.location) res.redirect(answer.location);
        else res.status(answer.status).json(answer.body ?? null);
      });
      return listen(createServer(app));
    },
  },
  {
    name: 'fastify',
    async start(kit) {
      const app = Fastify();
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
        done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      // Messages before the session: their onSend must run before the session commits.
      await app.register(fastifyMessages, { messages: kit.messages });
      await app.register(sessionPlugin, { manager: kit.manager });
      await app.register(fastifyCsrf, { csrf: kit.csrf });
      app.all('/*', async (request, reply) => {
        const r = request as unknown as { csrfToken: () => Promise<string>; messages: RequestMessages };
        const url = new URL(request.url, 'http://x');
        const answer = await handle(request.method, url.pathname, url.searchParams, r.csrfToken, r.messages);
        if (answer.location) return reply.redirect(answer.location);
        return reply.code(answer.status).send(answer.body ?? null);
      });
      return listenFastify(app);
    },
  },
  {
    name: 'koa',
    async start(kit) {
      const app = new Koa();
      app.use(koaSession(kit.manager));
      app.use(async (ctx, next) => {
        if (ctx.is('application/x-www-form-urlencoded')) {
          let text = '';
          for await (const chunk of ctx.req) text += String(chunk);
          (ctx.request as { body?: unknown }).body = Object.fromEntries(new URLSearchParams(text));
        }
        await next();
      });
      app.use(koaMessages(kit.messages));
      app.use(koaCsrf(kit.csrf));
      app.use(async (ctx) => {
        const c = ctx as unknown as { csrfToken: () => Promise<string>; messages: RequestMessages };
        const answer = await handle(
          ctx.method,
          ctx.path,
          new URLSearchParams(ctx.querystring),
          c.csrfToken,
          c.messages,
        );
        if (answer.location) ctx.redirect(answer.location);
        else {
          ctx.status = answer.status;
          ctx.body = answer.body ?? null;
        }
      });
      return listen(createServer(app.callback()));
    },
  },
  {
    name: 'hono',
    async start(kit) {
      const app = new Hono<{
        Variables: { session: Session<SessionData>; messages: RequestMessages; csrfToken: () => Promise<string> };
      }>();
      app.use(honoSession(kit.manager));
      app.use(honoMessages(kit.messages));
      app.use(honoCsrf(kit.csrf));
      app.all('*', async (c) => {
        const url = new URL(c.req.url);
        const answer = await handle(
          c.req.method,
          url.pathname,
          url.searchParams,
          c.get('csrfToken'),
          c.get('messages'),
        );
        if (answer.location) return c.redirect(answer.location);
        return c.json(answer.body ?? null, answer.status as 200);
      });
      return listen(fetchServer(app.fetch));
    },
  },
  {
    name: 'fetch withSession',
    async start(kit) {
      const handler = fetchSession(
        kit.manager,
        withCsrf(
          kit.csrf,
          withMessages(kit.messages, async (request, session, flash) => {
            const url = new URL(request.url);
            const answer = await handle(
              request.method,
              url.pathname,
              url.searchParams,
              () => kit.csrf.getToken(session),
              flash,
            );
            if (answer.location) return Response.redirect(new URL(answer.location, url), 302);
            return Response.json(answer.body ?? null, { status: answer.status });
          }),
        ),
      );
      return listen(fetchServer(handler));
    },
  },
];

/** A minimal Web-fetch bridge on node:http, as @hono/node-server would be. */
function fetchServer(handler: (request: Request) => Promise<Response> | Response): Server {
  return createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const init = { method: req.method, headers, body: hasBody ? Readable.toWeb(req) : undefined, duplex: 'half' };
    const response = await handler(new Request(`http://${req.headers.host}${req.url}`, init as RequestInit));
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') res.setHeader(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) res.setHeader('set-cookie', cookies);
    res.statusCode = response.status;
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}
