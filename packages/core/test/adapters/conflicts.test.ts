/** Optimistic mode through every adapter: a conflict is a 409 with core's message and no cookie. */
import { CONFLICT_MESSAGE } from '@sessionkit/core';
import { ADAPTERS, withApp } from './support/apps';
import { ask, closeClient } from './support/client';
import type { Route } from './support/route';
import { managerFor, seed } from './support/sessions';

afterAll(closeClient);

describe.each(ADAPTERS)('$name: optimistic conflicts', (adapter) => {
  test('a session changed by a concurrent request meanwhile answers 409 and saves nothing', async () => {
    const manager = managerFor({ concurrency: 'optimistic' });
    const key = await seed(manager, { n: 0 });
    // The route loads the session, then a concurrent request changes it before this one commits.
    const racing: Route = async (session) => {
      const n = (await session.get('n')) as number;
      const other = manager.open(key);
      await other.set('n', 100);
      await manager.commit(other, 200);
      await session.set('n', n + 1);
      return { chunks: ['saved?'] };
    };
    await withApp(adapter, manager, racing, async (url) => {
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(res.status).toBe(409);
      expect(res.body).toContain(CONFLICT_MESSAGE);
      expect(res.body).not.toContain('[memory]');
      expect(res.setCookies).toEqual([]);
    });
    expect(await manager.open(key).get('n')).toBe(100);
  });
});
