/**
 * The node:http response hold, edge by edge, on real servers: headers given to writeHead,
 * headersSent while held, the committed status, backpressure through pipe(), callbacks of
 * dropped writes, Content-Length kept for a single `end`. FaultyEngine (a fake) only injects
 * the delay and the outage.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { MemoryEngine, type SessionData, SessionManager, type SessionRecord } from '@sessionkit/core';
import { type SessionRequest, sessionMiddleware, withSession } from '@sessionkit/core/express';
import { ask, closeClient, sessionCookie } from './support/client';
import { FaultyEngine } from './support/faults';

type Handler = (req: SessionRequest<SessionData>, res: ServerResponse) => unknown;

async function serve(handler: Handler, manager = new SessionManager<SessionData>({ engine: new MemoryEngine() })) {
  const server = createServer(withSession(manager, handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve(server.closeAllConnections()))),
  };
}

async function seeded(engine: FaultyEngine) {
  const manager = new SessionManager<SessionData>({ engine });
  const session = manager.open(undefined);
  await session.set('n', 0);
  await session.save();
  return { manager, cookie: `sessionid=${session.key}` };
}

afterAll(closeClient);

test('headers passed to writeHead are merged, not overwritten by the replay', async () => {
  const app = await serve(async (req, res) => {
    await req.session.set('x', 1);
    res.writeHead(201, { 'Set-Cookie': 'theme=dark', Vary: 'Accept', 'Cache-Control': 'public, max-age=5' });
    res.end('made');
  });
  const res = await ask(app.url);
  await app.close();
  expect(res.status).toBe(201);
  expect(res.setCookies[0]).toBe('theme=dark');
  expect(sessionCookie(res)).toMatch(/^[a-z0-9]{32}$/);
  expect(res.headers.vary).toBe('Accept, Cookie');
  expect(res.headers['cache-control']).toBe('private, max-age=5');
});

test("writeHead's flat header array and reason phrase", async () => {
  const app = await serve(async (req, res) => {
    await req.session.set('x', 1);
    res.writeHead(202, 'Taken', ['X-One', '1', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2']);
    res.end();
  });
  const res = await ask(app.url);
  await app.close();
  expect(res.status).toBe(202);
  expect(res.headers['x-one']).toBe('1');
  expect(res.setCookies.slice(0, 2)).toEqual(['a=1', 'b=2']);
  expect(res.setCookies).toHaveLength(3);
});

test('headersSent reads true while held; the status at the first write is the one sent', async () => {
  const seen: boolean[] = [];
  const app = await serve(async (req, res) => {
    await req.session.set('x', 1);
    seen.push(res.headersSent);
    res.write('a');
    seen.push(res.headersSent);
    res.statusCode = 500; // too late, as it would be without the hold
    res.end('b');
  });
  const res = await ask(app.url);
  await app.close();
  expect(seen).toEqual([false, true]);
  expect(res.status).toBe(200);
  expect(sessionCookie(res)).toBeDefined();
  expect(res.body).toBe('ab');
});

test('a single end keeps its Content-Length (no chunked encoding)', async () => {
  const app = await serve(async (req, res) => {
    await req.session.set('x', 1);
    res.end('hello');
  });
  const res = await ask(app.url);
  await app.close();
  expect(res.headers['content-length']).toBe('5');
  expect(res.headers['transfer-encoding']).toBeUndefined();
});

test('flushHeaders first: the commit still precedes the headers', async () => {
  const app = await serve(async (req, res) => {
    await req.session.set('x', 1);
    res.flushHeaders();
    res.end('late body');
  });
  const res = await ask(app.url);
  await app.close();
  expect(sessionCookie(res)).toBeDefined();
  expect(res.body).toBe('late body');
});

test('pipe() of 2 MB through a slow commit: backpressure honoured, every byte arrives', async () => {
  const engine = new FaultyEngine(new MemoryEngine());
  const { manager, cookie } = await seeded(engine);
  engine.plan = { updateDelayMs: 50 };
  const block = 'x'.repeat(64 * 1024);
  const app = await serve(async (req, res) => {
    await req.session.set('n', 1);
    Readable.from(Array.from({ length: 32 }, () => block)).pipe(res);
  }, manager);
  const res = await ask(app.url, { cookie });
  await app.close();
  expect(res.body.length).toBe(32 * block.length);
  expect(res.chunks[0]?.at).toBeGreaterThanOrEqual(engine.updateResolvedAt);
});

test('after a failed commit, dropped writes get their callbacks with the error, later writes do not throw', async () => {
  const engine = new FaultyEngine(new MemoryEngine());
  const { manager, cookie } = await seeded(engine);
  engine.plan = { update: 'outage' };
  const errors: (string | undefined)[] = [];
  let afterwards: unknown;
  let handlerDone = (): void => {};
  const finished = new Promise<void>((resolve) => {
    handlerDone = resolve;
  });
  const app = await serve(async (req, res) => {
    await req.session.set('n', 1);
    res.write('first', (error) => errors.push(error?.name));
    await new Promise((r) => setTimeout(r, 30));
    afterwards = res.write('second', (error) => {
      errors.push(error?.name);
      handlerDone();
    });
    res.end();
  }, manager);
  const res = await ask(app.url, { cookie });
  await finished;
  await app.close();
  expect(res.status).toBe(503);
  expect(res.body).toBe('Service Unavailable');
  expect(errors).toEqual(['EngineUnavailableError', 'EngineUnavailableError']);
  expect(afterwards).toBe(false);
});

test('installed twice (app and router): one session, one cookie', async () => {
  const manager = new SessionManager<SessionData>({ engine: new MemoryEngine() });
  const middleware = sessionMiddleware(manager);
  const res = await askOnce((req, res) => {
    middleware(req, res, () =>
      middleware(req, res, async () => {
        await (req as SessionRequest).session.set('x', 1);
        res.end('ok');
      }),
    );
  });
  expect(res.setCookies).toHaveLength(1);
});

/** One request to a server of `handler`'s own, closed after it. */
async function askOnce(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await ask(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('two instances for the same cookie (app and router): one session keeps what both layers wrote', async () => {
  const engine = new MemoryEngine();
  const manager = new SessionManager<SessionData>({ engine });
  // Each mount made its own middleware, one even its own manager over the same engine and cookie.
  const appLevel = sessionMiddleware(manager);
  const routerLevel = sessionMiddleware({ engine });
  const res = await askOnce((req, res) => {
    appLevel(req, res, async () => {
      await (req as SessionRequest).session.set('lastSeen', 123);
      routerLevel(req, res, async () => {
        await (req as SessionRequest).session.set('cart', ['apple']);
        res.end('ok');
      });
    });
  });
  expect(res.setCookies).toHaveLength(1);
  const key = (res.setCookies[0] as string).split(';')[0]?.split('=')[1] as string;
  expect((await engine.load(key))?.data).toEqual({ lastSeen: 123, cart: ['apple'] });
});

test('the middleware adds `session` and nothing else to the request', async () => {
  // After Express's setPrototypeOf, every property added to req costs microseconds (bench/README.md).
  const middleware = sessionMiddleware(new SessionManager<SessionData>({ engine: new MemoryEngine() }));
  let added: (string | symbol)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const before = new Set(Reflect.ownKeys(req));
    middleware(req, res, async () => {
      added = Reflect.ownKeys(req).filter((key) => !before.has(key));
      await (req as SessionRequest).session.set('x', 1);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const res = await ask(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { cookie: 'sessionid=abc' });
  server.closeAllConnections();
  server.close();
  expect(added).toEqual(['session']);
  expect(res.setCookies).toHaveLength(1);
});

test('a session first used after the headers left is not saved, and the logger says so', async () => {
  const writes: string[] = [];
  const engine = new (class extends MemoryEngine {
    override async create(key: string, record: SessionRecord): Promise<string> {
      writes.push(key);
      return super.create(key, record);
    }
  })();
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };
  let saved: unknown = 'not reached';
  const app = await serve(async (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('streaming ');
    await req.session.set('late', true);
    saved = req.session.modified;
    res.end('done');
  }, new SessionManager<SessionData>({ engine, logger }));
  const res = await ask(app.url);
  await app.close();
  expect(res.body).toBe('streaming done');
  expect(saved).toBe(true);
  expect(res.setCookies).toEqual([]);
  expect(warnings).toEqual([expect.stringContaining('after the response headers were sent')]);
  expect(writes).toEqual([]);
});

test('a handler that throws gets a 500 and nothing is saved', async () => {
  const recording = new MemoryEngine();
  const app = await serve(
    async (req) => {
      await req.session.set('x', 1);
      throw new Error('handler bug');
    },
    new SessionManager<SessionData>({ engine: recording }),
  );
  const res = await ask(app.url);
  await app.close();
  expect(res.status).toBe(500);
  expect(res.body).toBe('Internal Server Error');
  expect(res.setCookies).toEqual([]);
});
