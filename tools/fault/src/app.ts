import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SessionEngine, SessionManager } from '@sessionkit/core';
import { withSession } from '@sessionkit/core/express';

/** A started app on 127.0.0.1. */
export interface FaultApp {
  url: string;
  manager: SessionManager;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Past the 1 MiB default `maxDataBytes` of every engine (checklist LF-8: writes of ~1.1 MB),
 * and random, so no codec compresses it back under the limit.
 */
const BIG_VALUE = randomBytes(862_500).toString('base64');

/**
 * The checklist's instrumented app: `POST /w?id=` (a write, acknowledged by its 2xx),
 * `GET /r` (a read: answers whether the session holds `seed`), `POST /logout` (flush),
 * `POST /slow-write?id=&ms=` (load, wait, write) and `POST /big` (an oversize write).
 */
export async function startApp(engine: SessionEngine, port = 0): Promise<FaultApp> {
  const manager = new SessionManager({ engine });
  const server: Server = createServer(
    withSession(manager, async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const session = req.session;
      const id = url.searchParams.get('id') ?? '0';
      if (req.method === 'POST' && url.pathname === '/w') {
        await session.set(`k_${id}`, 1);
      } else if (req.method === 'GET' && url.pathname === '/r') {
        res.setHeader('x-seed', String((await session.get('seed')) === true));
      } else if (req.method === 'POST' && url.pathname === '/logout') {
        await session.flush();
      } else if (req.method === 'POST' && url.pathname === '/slow-write') {
        await session.get('seed');
        await sleep(Number(url.searchParams.get('ms') ?? 200));
        await session.set(`k_${id}`, 1);
      } else if (req.method === 'POST' && url.pathname === '/big') {
        await session.set('big', BIG_VALUE);
      } else {
        res.statusCode = 404;
      }
      res.end('ok');
    }),
  );
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    manager,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
