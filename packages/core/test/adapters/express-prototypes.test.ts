/**
 * Express switches each request's and response's prototype to its app's. The middleware holds
 * such a response through methods on a shared prototype (held-prototype.ts): the response gets
 * none of the held methods as own properties, only its hold under a symbol. Sessions still work
 * across mounted sub-apps, which Express swaps in and out of those prototypes.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryEngine, type SessionData, SessionManager } from '@sessionkit/core';
import { type SessionRequest, sessionMiddleware, withSession } from '@sessionkit/core/express';
import express4 from 'express4';
import express5 from 'express';
import { ask, closeClient, sessionCookie } from './support/client';

const HELD = ['end', 'write', 'writeHead', 'flushHeaders', 'headersSent'];

async function listen(listener: RequestListener) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve(server.closeAllConnections()))),
  };
}

afterAll(closeClient);

describe.each([
  ['Express 4', express4 as unknown as typeof express5],
  ['Express 5', express5],
])('%s', (_name, express) => {
  const manager = () => new SessionManager<SessionData>({ engine: new MemoryEngine() });

  it('adds no held method to res, one symbol for its hold, req.session as a plain property, and the session round-trips', async () => {
    const seen: string[][] = [];
    const app = express()
      .use(sessionMiddleware(manager()))
      .get('/', async (req, res) => {
        const session = (req as unknown as SessionRequest<SessionData>).session;
        const n = ((await session.get('n')) as number | undefined) ?? 0;
        await session.set('n', n + 1);
        seen.push([
          ...HELD.filter((name) => Object.hasOwn(res, name)),
          ...Object.getOwnPropertySymbols(res)
            .map(String)
            .filter((name) => name.includes('sessionkit')),
          ...(Object.hasOwn(req, 'session') ? ['req.session'] : []),
        ]);
        res.send(String(n + 1));
      });
    const server = await listen(app as unknown as RequestListener);
    const first = await ask(server.url);
    const second = await ask(server.url, { headers: { cookie: `sessionid=${sessionCookie(first)}` } });
    await server.close();
    expect([first.body, second.body]).toEqual(['1', '2']);
    const added = ['Symbol(sessionkit.hold)', 'req.session'];
    expect(seen).toEqual([added, added]);
  });

  it('keeps the session and the hold across a mounted sub-app, and in the parent after it', async () => {
    const sub = express();
    sub.get('/count', async (req, res) => {
      const session = (req as unknown as SessionRequest<SessionData>).session;
      const n = ((await session.get('n')) as number | undefined) ?? 0;
      await session.set('n', n + 1);
      res.send(String(n + 1));
    });
    sub.get('/pass', async (req, _res, next) => {
      await (req as unknown as SessionRequest<SessionData>).session.set('passed', true);
      next();
    });
    const app = express().use(sessionMiddleware(manager())).use('/sub', sub);
    app.get('/sub/pass', async (req, res) => {
      res.send(String(await (req as unknown as SessionRequest<SessionData>).session.get('passed')));
    });
    const server = await listen(app as unknown as RequestListener);
    const first = await ask(server.url, { path: '/sub/count' });
    const cookie = `sessionid=${sessionCookie(first)}`;
    const second = await ask(server.url, { path: '/sub/count', cookie });
    const passed = await ask(server.url, { path: '/sub/pass', cookie });
    const third = await ask(server.url, { path: '/sub/count', cookie });
    await server.close();
    expect([first.body, second.body, passed.body, third.body]).toEqual(['1', '2', 'true', '3']);
    expect(first.headers.vary).toBe('Cookie');
  });

  it('holds a response whose methods later middleware patched, for a method taken before the first session use', async () => {
    // The hold of an Express response waits for the session's first use; by then `res.end` is
    // the patching middleware's, and the handler's reference was taken before the session was.
    const patched: string[] = [];
    const app = express()
      .use(sessionMiddleware(manager()))
      .use((_req, res, next) => {
        const end = res.end;
        res.end = function (this: typeof res, ...args: unknown[]) {
          patched.push('end');
          return (end as (...a: unknown[]) => unknown).apply(this, args);
        } as typeof res.end;
        next();
      })
      .get('/', async (req, res) => {
        const session = (req as unknown as SessionRequest<SessionData>).session;
        const end = res.end.bind(res);
        const n = ((await session.get('n')) as number | undefined) ?? 0;
        await session.set('n', n + 1);
        end(String(n + 1));
      });
    const server = await listen(app as unknown as RequestListener);
    const first = await ask(server.url);
    const second = await ask(server.url, { cookie: `sessionid=${sessionCookie(first)}` });
    await server.close();
    expect([first.body, second.body]).toEqual(['1', '2']);
    expect(first.headers.vary).toBe('Cookie');
    expect(patched).toEqual(['end', 'end']);
  });

  it('removes an unusable session cookie on a request that never touches the session', async () => {
    const app = express()
      .use(sessionMiddleware(manager()))
      .get('/', (_req, res) => {
        res.send('ok');
      });
    const server = await listen(app as unknown as RequestListener);
    const bad = await ask(server.url, { cookie: 'sessionid=not a key' });
    const unknown = await ask(server.url, { cookie: 'sessionid=k3v9q2m8x4c7n1b6z5h0j2w8r4t6y1u3' });
    await server.close();
    expect(bad.body).toBe('ok');
    expect(bad.setCookies.some((line) => /^sessionid=;/.test(line))).toBe(true);
    expect(unknown.setCookies).toEqual([]);
  });

  it('lets other code assign req.session and read it back', async () => {
    const app = express()
      .use(sessionMiddleware(manager()))
      .get('/', (req, res) => {
        const before = typeof (req as { session?: unknown }).session;
        (req as { session?: unknown }).session = 'replaced';
        res.send(`${before} ${String((req as { session?: unknown }).session)}`);
      });
    const server = await listen(app as unknown as RequestListener);
    const answer = await ask(server.url);
    await server.close();
    expect(answer.body).toBe('object replaced');
  });
});

it('node:http keeps plain own properties (no prototype to share)', async () => {
  let own: string[] = [];
  const server = await listen(
    withSession(new SessionManager<SessionData>({ engine: new MemoryEngine() }), (req, res) => {
      own = [
        ...HELD.filter((name) => Object.hasOwn(res, name)),
        ...(Object.hasOwn(req, 'session') ? ['req.session'] : []),
      ];
      res.end('ok');
    }),
  );
  await ask(server.url);
  await server.close();
  expect(own).toEqual(['end', 'write', 'writeHead', 'flushHeaders', 'req.session']);
});
