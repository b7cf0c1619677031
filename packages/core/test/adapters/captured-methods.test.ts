/**
 * A handler may take `res.end` or `res.write` before its first use of the session:
 * `res.end(await req.session.get('n'))` looks the method up before the await runs. The response
 * must still carry its headers and the session cookie, and the change must be saved, as with
 * express-session, which patches the response before the handler runs.
 */
import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryEngine, type SessionData, SessionManager } from '@sessionkit/core';
import { type SessionRequest, sessionMiddleware, withSession } from '@sessionkit/core/express';
import express from 'express';
import { ask, closeClient, sessionCookie } from './support/client';

type Handler = (req: SessionRequest<SessionData>, res: ServerResponse) => Promise<void>;

async function listen(listener: RequestListener) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve(server.closeAllConnections()))) };
}

/** Counts visits: the method reference is taken before the session is first touched. */
async function countWithCapturedEnd(req: SessionRequest<SessionData>): Promise<string> {
  const n = ((await req.session.get('n')) as number | undefined) ?? 0;
  await req.session.set('n', n + 1);
  return String(n + 1);
}

const handlers: Array<[string, Handler]> = [
  ['res.end(await …)', async (req, res) => void res.end(await countWithCapturedEnd(req))],
  [
    'res.write(await …) then res.end()',
    async (req, res) => {
      res.write(await countWithCapturedEnd(req));
      res.end();
    },
  ],
];

afterAll(closeClient);

describe.each(handlers)('a method taken before the first session use: %s', (_name, handler) => {
  const manager = () => new SessionManager<SessionData>({ engine: new MemoryEngine() });

  it.each([
    ['withSession on node:http', (m: SessionManager<SessionData>) => withSession(m, handler)],
    [
      'sessionMiddleware on Express 5',
      (m: SessionManager<SessionData>) =>
        express()
          .use(sessionMiddleware(m))
          .get('/', (req, res) => void handler(req as unknown as SessionRequest<SessionData>, res)) as unknown as RequestListener,
    ],
  ])('%s: headers and cookie go out, and the change is saved', async (_adapter, make) => {
    const app = await listen(make(manager()));
    const first = await ask(app.url);
    const cookie = sessionCookie(first);
    const second = await ask(app.url, { headers: { cookie: `sessionid=${cookie}` } });
    await app.close();
    expect(first.status).toBe(200);
    expect(first.body).toBe('1');
    expect(cookie).toMatch(/^[a-z0-9]{32}$/);
    expect(first.headers.vary).toBe('Cookie');
    expect(second.body).toBe('2');
  });
});
