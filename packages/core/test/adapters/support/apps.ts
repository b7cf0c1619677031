import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { SessionData, SessionManager } from '@sessionkit/core';
import { sessionMiddleware as expressSession, getSession, withSession as nodeSession } from '@sessionkit/core/express';
import { type SessionRequestProps, sessionPlugin } from '@sessionkit/core/fastify';
import { type SessionVariables, honoSession, withSession as fetchSession } from '@sessionkit/core/fetch';
import { type SessionContext, sessionMiddleware as koaSession } from '@sessionkit/core/koa';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import Koa2 from 'koa2';
import express4 from 'express4';
import { fetchServer } from './fetch-server';
import { type Reply, type Route, paced, pacedWebStream } from './route';

type Manager = SessionManager<SessionData>;

/** A started app on 127.0.0.1. */
export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** One adapter under test: starts a real server running `route` behind the session layer. */
export interface AdapterCase {
  name: string;
  start(manager: Manager, route: Route): Promise<RunningApp>;
}

/** Listens on an ephemeral loopback port; `close` also drops keep-alive connections. */
export async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts a Fastify app on an ephemeral loopback port. */
export async function listenFastify(app: {
  listen(options: { port: number; host: string }): Promise<string>;
  readonly server: Server;
  close(): PromiseLike<unknown>;
}): Promise<RunningApp> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: async () => void (await app.close()) };
}

/**
 * `secure: 'auto'` as each framework tells HTTPS under its trust-proxy setting: whether it
 * trusts the proxy, the request's headers, and whether the cookie gets Secure.
 */
export const FORWARDED_HTTPS = { 'x-forwarded-proto': 'https' };
export const TRUST_PROXY_CASES: [boolean, Record<string, string>, boolean][] = [
  [true, FORWARDED_HTTPS, true],
  [true, {}, false],
  [false, FORWARDED_HTTPS, false],
];

const pathOf = (url: string | undefined): string => new URL(url ?? '/', 'http://x').pathname;

/** Writes a Reply on a raw Node response, streaming chunk by chunk. */
async function writeNode(res: ServerResponse, reply: Reply = {}): Promise<void> {
  res.statusCode = reply.status ?? 200;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  for await (const chunk of paced(reply)) res.write(chunk);
  res.end();
}

/**
 * Express 5, and Express 4 (the `express4` alias), whose router ignores a rejected promise:
 * there the handler passes its failure to `next` itself, as Express 4 apps must.
 */
function expressCaseOf(name: string, createApp: typeof express, passFailures: boolean): AdapterCase {
  return {
    name,
    async start(manager, route) {
      const app = createApp();
      app.use(expressSession(manager));
      const handle = async (req: express.Request, res: express.Response): Promise<void> => {
        // req.session comes from the global Express.Request augmentation.
        const reply = await route(req.session, { path: req.path });
        res.status(reply?.status ?? 200).set(reply?.headers ?? {});
        if ((reply?.chunks?.length ?? 0) > 1) {
          for await (const chunk of paced(reply ?? {})) res.write(chunk);
          res.end();
        } else {
          res.send(reply?.chunks?.[0] ?? '');
        }
      };
      app.use(passFailures ? (req, res, next) => void handle(req, res).catch(next) : handle);
      return listen(createServer(app));
    },
  };
}

const nodeCase: AdapterCase = {
  name: 'node:http withSession',
  async start(manager, route) {
    return listen(
      createServer(
        nodeSession(manager, async (req, res) => writeNode(res, await route(req.session, { path: pathOf(req.url) }))),
      ),
    );
  },
};

/** A Connect-style chain, as `connect()` runs it: sessionMiddleware, then the route. */
const connectCase: AdapterCase = {
  name: 'connect-style chain',
  async start(manager, route) {
    const middleware = expressSession(manager);
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      middleware(req, res, (error) => {
        if (error) throw error;
        Promise.resolve(route(getSession(req), { path: pathOf(req.url) }))
          .then((reply) => writeNode(res, reply))
          .catch((failure: { status?: number }) => {
            res.statusCode = failure.status ?? 500;
            res.end('failed');
          });
      });
    };
    return listen(createServer(handler));
  },
};

const fastifyCase: AdapterCase = {
  name: 'fastify',
  async start(manager, route) {
    const app = Fastify();
    await app.register(sessionPlugin, { manager });
    app.all('/*', async (request, reply) => {
      const session = (request as typeof request & SessionRequestProps).session;
      const out = (await route(session, { path: pathOf(request.url) })) ?? {};
      reply.code(out.status ?? 200).headers(out.headers ?? {});
      if ((out.chunks?.length ?? 0) > 1) return reply.send(Readable.from(paced(out)));
      return reply.type(out.headers?.['content-type'] ?? 'text/plain').send(out.chunks?.[0] ?? '');
    });
    return listenFastify(app);
  },
};

/** Koa 3, and Koa 2 (the `koa2` alias). */
function koaCaseOf(name: string, KoaApp: typeof Koa): AdapterCase {
  return {
    name,
    async start(manager, route) {
      const app = new KoaApp<Koa.DefaultState, SessionContext>();
      app.silent = true;
      app.use(koaSession(manager));
      app.use(async (ctx) => {
        const out = (await route(ctx.session, { path: ctx.path })) ?? {};
        ctx.status = out.status ?? 200;
        ctx.set(out.headers ?? {});
        ctx.body = (out.chunks?.length ?? 0) > 1 ? Readable.from(paced(out)) : (out.chunks?.[0] ?? '');
      });
      return listen(createServer(app.callback()));
    },
  };
}

function toResponse(out: Reply = {}): Response {
  const body = (out.chunks?.length ?? 0) > 1 ? pacedWebStream(out) : (out.chunks?.[0] ?? '');
  return new Response(body, { status: out.status ?? 200, headers: out.headers });
}

const fetchCase: AdapterCase = {
  name: 'fetch withSession',
  async start(manager, route) {
    const handler = fetchSession(manager, async (request, session) =>
      toResponse(await route(session, { path: new URL(request.url).pathname })),
    );
    return listen(fetchServer(handler));
  },
};

const honoCase: AdapterCase = {
  name: 'hono',
  async start(manager, route) {
    const app = new Hono<{ Variables: SessionVariables }>();
    app.onError((_error, c) => c.text('Internal Server Error', 500)); // quiet: Hono's default logs to stderr
    app.use(honoSession(manager));
    app.all('*', async (c) => toResponse(await route(c.get('session'), { path: c.req.path })));
    return listen(fetchServer((request) => app.fetch(request)));
  },
};

/** Every adapter, for `describe.each`. */
export const ADAPTERS: AdapterCase[] = [
  expressCaseOf('express', express, false),
  expressCaseOf('express 4', express4, true),
  nodeCase,
  connectCase,
  fastifyCase,
  koaCaseOf('koa', Koa),
  koaCaseOf('koa 2', Koa2),
  fetchCase,
  honoCase,
];

/** Starts `adapter`, runs `body` against it, and always closes it. */
export async function withApp<T>(
  adapter: AdapterCase,
  manager: Manager,
  route: Route,
  body: (url: string) => Promise<T>,
): Promise<T> {
  const app = await adapter.start(manager, route);
  try {
    return await body(app.url);
  } finally {
    await app.close();
  }
}
