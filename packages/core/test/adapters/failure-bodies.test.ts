/**
 * Every adapter answers a failed commit with the same plain-text body for 400, 409, 500 and
 * 503, with no engine or driver text, unless the app opts in with `exposeErrors`.
 * FaultyEngine (a fake) injects the failures; a real misconfigured store is tested in packages/db.
 */
import { CONFLICT_MESSAGE, INTERRUPTED_MESSAGE, MemoryEngine } from '@sessionkit/core';
import { ADAPTERS, withApp } from './support/apps';
import { ask, closeClient } from './support/client';
import { type FaultPlan, FaultyEngine } from './support/faults';
import type { Route } from './support/route';
import { managerFor, seed, touching } from './support/sessions';

afterAll(closeClient);

const CASES: { fault: NonNullable<FaultPlan['update']>; status: number; body: string }[] = [
  { fault: 'update-error', status: 400, body: INTERRUPTED_MESSAGE },
  { fault: 'conflict', status: 409, body: CONFLICT_MESSAGE },
  { fault: 'misconfigured', status: 500, body: 'Internal Server Error' },
  { fault: 'outage', status: 503, body: 'Service Unavailable' },
];

describe.each(ADAPTERS)('$name: failure answers', (adapter) => {
  test.each(CASES)('$fault at commit: $status with the uniform body', async ({ fault, status, body }) => {
    const engine = new FaultyEngine(new MemoryEngine());
    const errors: string[] = [];
    const manager = managerFor({ logger: { error: (message) => errors.push(message) } }, engine);
    const key = await seed(manager, { n: 1 });
    engine.plan = { update: fault };
    await withApp(adapter, manager, touching, async (url) => {
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(res.status).toBe(status);
      expect(res.body).toBe(body);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.setCookies).toEqual([]);
    });
    if (fault === 'misconfigured') {
      expect(errors).toEqual([expect.stringContaining('ENGINE_MISCONFIGURED: [faulty] update failed')]);
    }
  });

  test('data nested 5,000 deep at commit (mutated after set) is a SerializationError: 500, no cookie, never RangeError', async () => {
    const errors: { code?: unknown }[] = [];
    const manager = managerFor({ logger: { error: (_message, meta) => errors.push(meta ?? {}) } });
    const route: Route = async (session) => {
      await session.set('tree', { leaf: null });
      const tree = (await session.get('tree')) as { leaf: unknown };
      let node: unknown[] = [];
      tree.leaf = node;
      for (let i = 0; i < 5000; i++) {
        const child: unknown[] = [];
        node.push(child);
        node = child;
      }
      return { chunks: ['never sent'] };
    };
    await withApp(adapter, manager, route, async (url) => {
      const res = await ask(url);
      expect(res.status).toBe(500);
      expect(res.body).toBe('Internal Server Error');
      expect(res.setCookies).toEqual([]);
    });
    expect(errors.map((meta) => meta.code)).toEqual(['SERIALIZATION']);
  });

  test('exposeErrors: true shows the error message instead', async () => {
    const engine = new FaultyEngine(new MemoryEngine());
    const manager = managerFor({ exposeErrors: true }, engine);
    const key = await seed(manager, { n: 1 });
    engine.plan = { update: 'outage' };
    await withApp(adapter, manager, touching, async (url) => {
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(res.status).toBe(503);
      expect(res.body).toBe('[faulty] store unreachable (injected)');
    });
  });
});
