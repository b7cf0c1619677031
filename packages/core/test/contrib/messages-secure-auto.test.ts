/**
 * The messages cookie under the session cookie's `secure: 'auto'`: Secure follows each request's
 * scheme as the framework tells it (trust-proxy settings included), on real servers. Fetch and
 * Hono, whose scheme is the URL's, are in adapters/cookie-options.test.ts with the session cookie.
 */
import { createServer } from 'node:http';
import { ConfigError, type SessionData, type SessionManager } from '@sessionkit/core';
import { sessionMiddleware as expressSession, withSession as nodeSession } from '@sessionkit/core/express';
import { sessionPlugin } from '@sessionkit/core/fastify';
import { sessionMiddleware as koaSession } from '@sessionkit/core/koa';
import {
  createMessages,
  expressMessages,
  fastifyMessages,
  koaMessages,
  type Messages,
  type RequestMessages,
} from '@sessionkit/core/messages';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import {
  FORWARDED_HTTPS,
  listen,
  listenFastify,
  type RunningApp,
  TRUST_PROXY_CASES,
} from '../adapters/support/apps';
import { ask, closeClient } from '../adapters/support/client';
import { managerFor } from '../adapters/support/sessions';
import { SECRET } from './support';

afterAll(closeClient);

type Manager = SessionManager<SessionData>;

/** A manager with `secure: 'auto'` and messages that take its cookie settings. */
function kit(): { manager: Manager; messages: Messages } {
  const manager = managerFor({ cookie: { secure: 'auto' } });
  return { manager, messages: createMessages({ secret: SECRET, manager, storage: 'cookie' }) };
}

/** The messages cookie's Set-Cookie line from a list of them. */
function messagesLine(lines: readonly string[]): string {
  const line = lines.find((l) => l.startsWith('messages='));
  if (line === undefined) throw new Error(`no messages cookie in ${JSON.stringify(lines)}`);
  return line;
}

const isSecure = (line: string): boolean => /; Secure(;|$)/.test(line);

/** Each framework with its trust-proxy setting on or off; every request adds one message. */
const SERVERS: [string, (manager: Manager, messages: Messages, trustProxy: boolean) => Promise<RunningApp>][] = [
  [
    'express (req.secure, trust proxy)',
    async (manager, messages, trustProxy) => {
      const app = express();
      app.set('trust proxy', trustProxy);
      app.use(expressSession(manager));
      app.use(expressMessages(messages));
      app.get('/', (req, res) => {
        req.messages.success('saved');
        res.send('ok');
      });
      return listen(createServer(app));
    },
  ],
  [
    'koa (ctx.secure, app.proxy)',
    async (manager, messages, trustProxy) => {
      const app = new Koa();
      app.proxy = trustProxy;
      app.use(koaSession(manager));
      app.use(koaMessages(messages));
      app.use(async (ctx) => {
        (ctx as unknown as { messages: RequestMessages }).messages.success('saved');
        ctx.body = 'ok';
      });
      return listen(createServer(app.callback()));
    },
  ],
  [
    'fastify (request.protocol, trustProxy)',
    async (manager, messages, trustProxy) => {
      const app = Fastify({ trustProxy });
      await app.register(fastifyMessages, { messages });
      await app.register(sessionPlugin, { manager });
      app.get('/', async (request) => {
        (request as unknown as { messages: RequestMessages }).messages.success('saved');
        return 'ok';
      });
      return listenFastify(app);
    },
  ],
];

describe.each(SERVERS)("%s: the messages cookie under secure 'auto'", (_name, start) => {
  it.each(TRUST_PROXY_CASES)('trust proxy %s, headers %j: Secure %s', async (trustProxy, headers, secure) => {
    const { manager, messages } = kit();
    const app = await start(manager, messages, trustProxy);
    try {
      const res = await ask(app.url, { headers });
      expect(isSecure(messagesLine(res.setCookies))).toBe(secure);
    } finally {
      await app.close();
    }
  });
});

describe("node:http: the messages cookie under secure 'auto' follows the socket", () => {
  it('a plain-HTTP socket gets no Secure, whatever the headers say', async () => {
    const { manager, messages } = kit();
    const flashMiddleware = expressMessages(messages);
    const app = await listen(
      createServer(
        nodeSession(manager, (req, res) => {
          flashMiddleware(req, res, () => {
            (req as unknown as { messages: RequestMessages }).messages.success('saved');
            res.end('ok');
          });
        }),
      ),
    );
    try {
      const res = await ask(app.url, { headers: FORWARDED_HTTPS });
      expect(isSecure(messagesLine(res.setCookies))).toBe(false);
    } finally {
      await app.close();
    }
  });
});

describe("framework-free: open() under secure 'auto'", () => {
  it('takes the Secure decision from `secure`, for the set and the deletion alike', async () => {
    const { messages } = kit();
    expect(messages.cookie.secure).toBe('auto');
    const overHttps = messages.open({ secure: true });
    overHttps.info('hello');
    const { setCookie } = await overHttps.update();
    expect(isSecure(setCookie as string)).toBe(true);

    const value = (setCookie as string).slice('messages='.length).split(';')[0];
    const reader = messages.open({ cookie: value, secure: false });
    expect((await reader.consume()).map(String)).toEqual(['hello']);
    const deletion = (await reader.update()).setCookie as string;
    expect(deletion).toMatch(/^messages=; Max-Age=0/);
    expect(isSecure(deletion)).toBe(false);
  });

  it('refuses to open without `secure` where the cookie is written, with a ConfigError', () => {
    const { manager, messages } = kit();
    expect(() => messages.open({})).toThrow(ConfigError);
    expect(() => messages.open({})).toThrow(/secure/);
    // The session storage writes no cookie, so it needs no scheme.
    const sessionOnly = createMessages({ secret: SECRET, manager, storage: 'session' });
    expect(() => sessionOnly.open({ session: manager.open(undefined) })).not.toThrow();
  });

  it("refuses a cookie.secure that is not true, false or 'auto'", () => {
    expect(() => createMessages({ secret: SECRET, cookie: { secure: 'yes' as never } })).toThrow(ConfigError);
  });
});
