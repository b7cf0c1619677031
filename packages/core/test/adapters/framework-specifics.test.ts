/**
 * What only one framework has: Koa's `ctx.respond = false` and thrown HTTP errors, Fastify's
 * plugin options and explicit status codes, immutable Web Responses, extra handler arguments
 * (Next.js), Hono without a server. Real frameworks, the real MemoryEngine; FaultyEngine (a
 * fake) only to inject a failure.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryEngine, type SessionData, SessionManager } from '@sessionkit/core';
import { type SessionRequestProps, sessionPlugin } from '@sessionkit/core/fastify';
import { type SessionVariables, honoSession, withSession } from '@sessionkit/core/fetch';
import { type SessionContext, sessionMiddleware } from '@sessionkit/core/koa';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { ask, closeClient, sessionCookie } from './support/client';
import { FaultyEngine } from './support/faults';

const manager = () => new SessionManager<SessionData>({ engine: new MemoryEngine() });

async function listenKoa(app: Koa<Koa.DefaultState, SessionContext>) {
  app.silent = true;
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve(server.closeAllConnections()))),
  };
}

afterAll(closeClient);

describe('koa', () => {
  test('ctx.respond = false: the raw response is held until the commit', async () => {
    const app = new Koa<Koa.DefaultState, SessionContext>();
    app.use(sessionMiddleware(manager()));
    app.use(async (ctx) => {
      await ctx.session.set('raw', true);
      ctx.respond = false;
      ctx.res.writeHead(200, { 'content-type': 'text/plain' });
      ctx.res.end('raw body');
    });
    const running = await listenKoa(app);
    const res = await ask(running.url);
    await running.close();
    expect(res.body).toBe('raw body');
    expect(sessionCookie(res)).toMatch(/^[a-z0-9]{32}$/);
  });

  test('a thrown 4xx still saves (Django: only a 5xx skips) and the cookie survives Koa clearing headers', async () => {
    const sessions = manager();
    const app = new Koa<Koa.DefaultState, SessionContext>();
    app.use(sessionMiddleware(sessions));
    app.use(async (ctx) => {
      await ctx.session.set('attempts', 1);
      ctx.throw(403, 'no');
    });
    const running = await listenKoa(app);
    const res = await ask(running.url);
    await running.close();
    expect(res.status).toBe(403);
    const key = sessionCookie(res) as string;
    expect((await sessions.engine.load(key))?.data).toEqual({ attempts: 1 });
    expect(res.headers.vary).toBe('Cookie');
  });

  test('a thrown 4xx answered by a custom error handler keeps the cookie and Vary of the saved session', async () => {
    const sessions = manager();
    const app = new Koa<Koa.DefaultState, SessionContext>();
    // Koa's documented pattern: an outer try/catch that writes its own body (no err.headers).
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = (error as { status?: number }).status ?? 500;
        ctx.body = { error: (error as Error).message };
      }
    });
    app.use(sessionMiddleware(sessions));
    app.use(async (ctx) => {
      if (ctx.path === '/login') {
        await ctx.session.set('user', 'alice');
        ctx.body = 'ok';
        return;
      }
      // A key cycled (a login) and then a 400: the new key must reach the client.
      await ctx.session.cycleKey();
      await ctx.session.set('attempts', 1);
      ctx.throw(400, 'bad form');
    });
    const running = await listenKoa(app);
    const login = await ask(running.url, { path: '/login' });
    const before = sessionCookie(login) as string;
    const res = await ask(running.url, { path: '/form', cookie: `sessionid=${before}` });
    await running.close();
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'bad form' });
    const key = sessionCookie(res) as string;
    expect(key).toMatch(/^[a-z0-9]{32}$/);
    expect(key).not.toBe(before);
    expect((await sessions.engine.load(key))?.data).toEqual({ user: 'alice', attempts: 1 });
    expect(res.headers.vary).toBe('Cookie');
  });

  test('a thrown 500 saves nothing', async () => {
    const app = new Koa<Koa.DefaultState, SessionContext>();
    app.use(sessionMiddleware(manager()));
    app.use(async (ctx) => {
      await ctx.session.set('attempts', 1);
      throw new Error('bug');
    });
    const running = await listenKoa(app);
    const res = await ask(running.url);
    await running.close();
    expect(res.status).toBe(500);
    expect(res.setCookies).toEqual([]);
  });
});

// Real listens: Fastify's inject needs light-my-request, which jest's CJS mode cannot load on Node 20.
async function listenFastify(app: ReturnType<typeof Fastify>) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

describe('fastify', () => {
  test('an async handler that sends without returning the reply still gets its session cookie', async () => {
    const app = Fastify();
    await app.register(sessionPlugin, { manager: manager() });
    app.get('/', async (request, reply) => {
      const { session } = request as typeof request & SessionRequestProps;
      await session.set('n', 8);
      // Fastify's docs ask for `return reply` here; without it Fastify sends a second time
      // while the first send waits for the save.
      reply.code(204).send();
    });
    const res = await ask(await listenFastify(app));
    await app.close();
    expect(res.status).toBe(204);
    expect(sessionCookie(res)).toMatch(/^[a-z0-9]{32}$/);
    expect(res.setCookies).toHaveLength(1);
    expect(res.headers.vary).toBe('Cookie');
  });

  test('registered with manager options (not a manager)', async () => {
    const app = Fastify();
    await app.register(sessionPlugin, { engine: new MemoryEngine(), cookie: { name: 'sid' } });
    app.get('/', async (request) => {
      const { session } = request as typeof request & SessionRequestProps;
      await session.set('n', 1);
      return { ok: true };
    });
    const res = await ask(await listenFastify(app));
    await app.close();
    expect(res.status).toBe(200);
    expect(res.setCookies[0]).toMatch(/^sid=[a-z0-9]{32};/);
    expect(res.headers['cache-control']).toBe('private');
  });

  test('a failed commit wins over a status the route set explicitly', async () => {
    const engine = new FaultyEngine(new MemoryEngine());
    const sessions = new SessionManager<SessionData>({ engine });
    const seed = sessions.open(undefined);
    await seed.set('n', 0);
    await seed.save();
    engine.plan = { update: 'update-error' };
    const app = Fastify();
    await app.register(sessionPlugin, { manager: sessions });
    app.post('/', async (request, reply) => {
      await (request as typeof request & SessionRequestProps).session.set('n', 1);
      return reply.code(201).send({ made: true });
    });
    const res = await ask(await listenFastify(app), { method: 'POST', cookie: `sessionid=${seed.key}` });
    await app.close();
    expect(res.status).toBe(400);
    expect(res.setCookies).toEqual([]);
    expect(res.body).not.toContain('made');
  });
});

describe('fetch', () => {
  test('an immutable Response (Response.redirect) gets the cookie on a copy', async () => {
    const handler = withSession(manager(), async (_request, session) => {
      await session.set('after', 'login');
      return Response.redirect('http://127.0.0.1/next', 302);
    });
    const res = await handler(new Request('http://127.0.0.1/login', { method: 'POST' }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://127.0.0.1/next');
    expect(res.headers.getSetCookie()[0]).toMatch(/^sessionid=[a-z0-9]{32};/);
  });

  test('extra handler arguments pass through (Next.js route context)', async () => {
    const handler = withSession(manager(), async (_request, session, context: { params: Promise<{ id: string }> }) => {
      const { id } = await context.params;
      await session.set('last', id);
      return Response.json({ id });
    });
    const res = await handler(new Request('http://127.0.0.1/items/42'), { params: Promise.resolve({ id: '42' }) });
    expect(await res.json()).toEqual({ id: '42' });
    expect(res.headers.get('vary')).toBe('Cookie');
  });

  test('a request without the session touched returns the very same Response object', async () => {
    const original = new Response('same');
    const handler = withSession(manager(), () => original);
    expect(await handler(new Request('http://127.0.0.1/'))).toBe(original);
  });
});

describe('hono', () => {
  test('app.request without a server; c.var.session is typed', async () => {
    const sessions = manager();
    const app = new Hono<{ Variables: SessionVariables }>();
    app.use(honoSession(sessions));
    app.get('/', async (c) => {
      const visits = ((await c.var.session.get('visits')) as number | undefined) ?? 0;
      await c.var.session.set('visits', visits + 1);
      return c.json({ visits: visits + 1 });
    });
    const first = await app.request('/');
    const cookie = first.headers.getSetCookie()[0]?.split(';')[0] as string;
    const second = await app.request('/', { headers: { cookie } });
    expect(await second.json()).toEqual({ visits: 2 });
  });
});
