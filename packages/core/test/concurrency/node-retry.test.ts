import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import {
  CONFLICT_MESSAGE,
  MemoryEngine,
  type Session,
  SessionManager,
  type SessionManagerOptions,
} from '@sessionkit/core';
import { sessionMiddleware, withSession } from '@sessionkit/core/express';
import { listen } from '../adapters/support/apps';

function optimistic(options: Partial<SessionManagerOptions> = {}) {
  const engine = new MemoryEngine();
  return { engine, manager: new SessionManager({ engine, concurrency: 'optimistic', ...options }) };
}

async function seeded(manager: SessionManager): Promise<string> {
  const session = manager.open(undefined);
  await session.set('n', 0);
  await manager.commit(session, 200);
  return session.key as string;
}

/** Reads n, lets a concurrent request bump it on the first `racedRuns` runs, then writes n + 1. */
function counter(manager: SessionManager, racedRuns: number) {
  let runs = 0;
  const work = async (session: Session): Promise<number> => {
    runs += 1;
    const n = (await session.get('n')) as number;
    if (runs <= racedRuns) {
      const other = manager.open(session.key as string);
      await other.set('n', n + 100);
      await manager.commit(other, 200);
    }
    await session.set('n', n + 1);
    return n + 1;
  };
  return { work, runs: () => runs };
}

async function get(url: string, key: string) {
  const response = await fetch(url, { headers: { cookie: `sessionid=${key}` } });
  return { status: response.status, body: await response.text(), setCookie: response.headers.get('set-cookie') };
}

describe('withSession (node:http) in optimistic mode', () => {
  it('answers 409 with core message, its held output dropped, when retry is 0', async () => {
    const { engine, manager } = optimistic();
    const key = await seeded(manager);
    const { work } = counter(manager, 1);
    const app = await listen(
      createServer(
        withSession(manager, async (req, res) => {
          res.setHeader('x-from-handler', 'yes');
          const n = await work(req.session);
          res.end(`n=${n}`);
        }),
      ),
    );
    try {
      const response = await fetch(app.url, { headers: { cookie: `sessionid=${key}` } });
      expect(response.status).toBe(409);
      expect(await response.text()).toBe(CONFLICT_MESSAGE);
      expect(response.headers.get('x-from-handler')).toBeNull();
      expect((await engine.load(key))?.data).toEqual({ n: 100 });
    } finally {
      await app.close();
    }
  });

  it('with retry reruns an ended handler on a fresh session and a reset response', async () => {
    const { engine, manager } = optimistic({ retry: 2 });
    const key = await seeded(manager);
    const { work, runs } = counter(manager, 2);
    const statuses: number[] = [];
    const app = await listen(
      createServer(
        withSession(manager, async (req, res) => {
          statuses.push(res.statusCode);
          res.statusCode = 201;
          res.setHeader(`x-run-${runs() + 1}`, 'yes');
          const n = await work(req.session);
          res.end(`n=${n}`);
        }),
      ),
    );
    try {
      const response = await fetch(app.url, { headers: { cookie: `sessionid=${key}` } });
      expect(response.status).toBe(201);
      expect(await response.text()).toBe('n=201');
      expect(runs()).toBe(3);
      // Each rerun started from a clean response: status 200, no header of the runs before.
      expect(statuses).toEqual([200, 200, 200]);
      expect(response.headers.get('x-run-1')).toBeNull();
      expect(response.headers.get('x-run-3')).toBe('yes');
      expect(response.headers.get('set-cookie')).toContain(`sessionid=${key}`);
      expect((await engine.load(key))?.data).toEqual({ n: 201 });
    } finally {
      await app.close();
    }
  });

  it('does not rerun a response still being streamed: 409', async () => {
    const { manager } = optimistic({ retry: 2 });
    const key = await seeded(manager);
    const { work, runs } = counter(manager, 5);
    const app = await listen(
      createServer(
        withSession(manager, async (req, res) => {
          await work(req.session);
          res.write('first chunk');
          await new Promise((resolve) => setTimeout(resolve, 50));
          res.end('last chunk');
        }),
      ),
    );
    try {
      const { status, body } = await get(app.url, key);
      expect(status).toBe(409);
      expect(body).toBe(CONFLICT_MESSAGE);
      expect(runs()).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('the Express-style middleware answers 409: the rest of the chain cannot be rerun', async () => {
    const { manager } = optimistic({ retry: 2 });
    const key = await seeded(manager);
    const { work, runs } = counter(manager, 1);
    const middleware = sessionMiddleware(manager);
    const app = await listen(
      createServer((req: IncomingMessage, res: ServerResponse) => {
        middleware(req, res, async () => {
          const n = await work((req as IncomingMessage & { session: Session }).session);
          res.end(`n=${n}`);
        });
      }),
    );
    try {
      expect((await get(app.url, key)).status).toBe(409);
      expect(runs()).toBe(1);
    } finally {
      await app.close();
    }
  });
});
