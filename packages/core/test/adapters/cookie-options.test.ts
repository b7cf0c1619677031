/**
 * `cookie.secure: 'auto'`, `partitioned` and `priority` through each adapter, on real servers.
 * HTTPS is what each framework says under its own trust-proxy setting, so a proxy's
 * X-Forwarded-Proto counts only where the app trusts it.
 */
import { createServer } from 'node:http';
import type { SessionData, SessionManager } from '@sessionkit/core';
import { sessionMiddleware as expressSession, withSession as nodeSession } from '@sessionkit/core/express';
import { type SessionRequestProps, sessionPlugin } from '@sessionkit/core/fastify';
import { type SessionVariables, honoSession, withSession as fetchSession } from '@sessionkit/core/fetch';
import { type SessionContext, sessionMiddleware as koaSession } from '@sessionkit/core/koa';
import { createMessages, honoMessages, type RequestMessages, withMessages } from '@sessionkit/core/messages';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { FORWARDED_HTTPS, listen, listenFastify, type RunningApp, TRUST_PROXY_CASES } from './support/apps';
import { ask, closeClient } from './support/client';
import { managerFor } from './support/sessions';
import { SECRET } from '../contrib/support';

afterAll(closeClient);

type Manager = SessionManager<SessionData>;

async function touch(session: { set(key: string, value: string): Promise<void> }): Promise<void> {
  await session.set('hello', 'world');
}

/** Each framework with its trust-proxy setting on or off. */
const SERVERS: [string, (manager: Manager, trustProxy: boolean) => Promise<RunningApp>][] = [
  [
    'express (req.secure, trust proxy)',
    async (manager, trustProxy) => {
      const app = express();
      app.set('trust proxy', trustProxy);
      app.use(expressSession(manager));
      app.get('/', async (req, res) => {
        await touch(req.session);
        res.send('ok');
      });
      return listen(createServer(app));
    },
  ],
  [
    'koa (ctx.secure, app.proxy)',
    async (manager, trustProxy) => {
      const app = new Koa<Koa.DefaultState, SessionContext>();
      app.proxy = trustProxy;
      app.use(koaSession(manager));
      app.use(async (ctx) => {
        await touch(ctx.session);
        ctx.body = 'ok';
      });
      return listen(createServer(app.callback()));
    },
  ],
  [
    'fastify (request.protocol, trustProxy)',
    async (manager, trustProxy) => {
      const app = Fastify({ trustProxy });
      await app.register(sessionPlugin, { manager });
      app.get('/', async (request) => {
        await touch((request as typeof request & SessionRequestProps).session);
        return 'ok';
      });
      return listenFastify(app);
    },
  ],
];

describe.each(SERVERS)("%s: secure 'auto'", (_name, start) => {
  it.each(TRUST_PROXY_CASES)('trust proxy %s, headers %j: Secure %s', async (trustProxy, headers, secure) => {
    const app = await start(managerFor({ cookie: { secure: 'auto' } }), trustProxy);
    try {
      const res = await ask(app.url, { headers });
      expect(res.setCookies).toHaveLength(1);
      expect(/; Secure(;|$)/.test(res.setCookies[0] as string)).toBe(secure);
    } finally {
      await app.close();
    }
  });
});

describe("node:http: secure 'auto' follows the socket", () => {
  it('a plain-HTTP socket gets no Secure, whatever the headers say', async () => {
    const manager = managerFor({ cookie: { secure: 'auto' } });
    const app = await listen(
      createServer(
        nodeSession(manager, async (req, res) => {
          await touch(req.session);
          res.end('ok');
        }),
      ),
    );
    try {
      const res = await ask(app.url, { headers: FORWARDED_HTTPS });
      expect(res.setCookies[0]).not.toMatch(/Secure/);
    } finally {
      await app.close();
    }
  });
});

describe("fetch and Hono: secure 'auto' follows the URL scheme", () => {
  const manager = () => managerFor({ cookie: { secure: 'auto' } });
  const fetchHandler = (m: Manager) =>
    fetchSession(m, async (_request, session) => {
      await touch(session);
      return new Response('ok');
    });
  const honoApp = (m: Manager) => {
    const app = new Hono<{ Variables: SessionVariables }>();
    app.use(honoSession(m));
    app.get('/', async (c) => {
      await touch(c.get('session'));
      return c.text('ok');
    });
    return (request: Request) => app.fetch(request);
  };
  // The messages cookie under the session cookie's 'auto' (its settings come from the manager).
  const flashOf = (m: Manager) => createMessages({ secret: SECRET, manager: m, storage: 'cookie' });
  const fetchWithMessages = (m: Manager) =>
    fetchSession(
      m,
      withMessages(flashOf(m), async (_request, _session, flash) => {
        flash.success('saved');
        return new Response('ok');
      }),
    );
  const honoWithMessages = (m: Manager) => {
    const app = new Hono<{ Variables: SessionVariables & { messages: RequestMessages } }>();
    app.use(honoSession(m));
    app.use(honoMessages(flashOf(m)));
    app.get('/', (c) => {
      c.get('messages').success('saved');
      return c.text('ok');
    });
    return (request: Request) => app.fetch(request);
  };
  it.each([
    ['fetch', fetchHandler, 'sessionid'],
    ['hono', honoApp, 'sessionid'],
    ['fetch, the messages cookie', fetchWithMessages, 'messages'],
    ['hono, the messages cookie', honoWithMessages, 'messages'],
  ])('%s', async (_name, make, cookie) => {
    const handle = make(manager());
    const line = (response: Response) => response.headers.getSetCookie().find((l) => l.startsWith(`${cookie}=`));
    expect(line(await handle(new Request('https://example.test/')))).toMatch(/; Secure(;|$)/);
    expect(line(await handle(new Request('http://example.test/')))).not.toMatch(/Secure/);
  });

  it("the deletion after a flush carries Secure the same way under 'auto'", async () => {
    const m = manager();
    const seeded = m.open(undefined);
    await seeded.set('a', 1);
    await seeded.save();
    const handle = fetchSession(m, async (_request, session) => {
      await session.flush();
      return new Response('bye');
    });
    const cookie = `sessionid=${seeded.key}`;
    const overHttps = await handle(new Request('https://example.test/', { headers: { cookie } }));
    expect(overHttps.headers.get('set-cookie')).toMatch(/^sessionid=; Max-Age=0.*; Secure/);
  });
});

describe('partitioned and priority', () => {
  it('are written on the Set-Cookie of every adapter (fetch and express shown)', async () => {
    const m = managerFor({ cookie: { secure: true, partitioned: true, priority: 'high', sameSite: 'None' } });
    const handle = fetchSession(m, async (_request, session) => {
      await touch(session);
      return new Response('ok');
    });
    const line = (await handle(new Request('https://example.test/'))).headers.get('set-cookie');
    expect(line).toMatch(/; Partitioned(;|$)/);
    expect(line).toMatch(/; Priority=High(;|$)/);

    const app = express();
    app.use(expressSession(m));
    app.get('/', async (req, res) => {
      await touch(req.session);
      res.send('ok');
    });
    const running = await listen(createServer(app));
    try {
      const res = await ask(running.url);
      expect(res.setCookies[0]).toMatch(/; Partitioned(;|$)/);
      expect(res.setCookies[0]).toMatch(/; Priority=High(;|$)/);
    } finally {
      await running.close();
    }
  });

  it('are refused when unsafe or unknown', () => {
    expect(() => managerFor({ cookie: { partitioned: true } })).toThrow(/partitioned requires cookie.secure: true/);
    expect(() => managerFor({ cookie: { partitioned: true, secure: 'auto' } })).toThrow(/partitioned/);
    expect(() => managerFor({ cookie: { priority: 'urgent' as never } })).toThrow(/priority/);
    expect(() => managerFor({ cookie: { secure: 'yes' as never } })).toThrow(/cookie.secure/);
    expect(() => managerFor({ cookie: { name: '__Host-sid', secure: 'auto' } })).toThrow(/__Host-/);
  });
});
