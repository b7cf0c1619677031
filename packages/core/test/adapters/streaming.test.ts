/**
 * Commit ordering on streamed responses, for every adapter: the cookie is on a streamed
 * response, no byte leaves before the save settles, the response ends after it, and a failed
 * save replaces the response before any chunk is sent. FaultyEngine is a fake used only to
 * inject the delay, the UpdateError and the outage; everything else is real.
 */
import { MemoryEngine, type SessionData, SessionManager } from '@sessionkit/core';
import { ADAPTERS, withApp } from './support/apps';
import { ask, closeClient, sessionCookie } from './support/client';
import { FaultyEngine } from './support/faults';
import type { Reply, Route } from './support/route';

let lastReply: Reply = {};
const streamTwoChunks: Route = async (session) => {
  await session.set('streamed', true);
  lastReply = { chunks: ['first,', 'second'], gapMs: 100, producedAt: [] };
  return lastReply;
};

async function setUp() {
  const engine = new FaultyEngine(new MemoryEngine());
  const manager = new SessionManager<SessionData>({ engine });
  const session = manager.open(undefined);
  await session.set('seeded', true);
  await session.save();
  return { engine, manager, key: session.key as string };
}

afterAll(closeClient);

describe.each(ADAPTERS)('$name: streaming', (adapter) => {
  test('two chunks 100 ms apart: streamed, and Set-Cookie is present', async () => {
    const { manager } = await setUp();
    await withApp(adapter, manager, streamTwoChunks, async (url) => {
      const res = await ask(url);
      expect(res.status).toBe(200);
      expect(res.body).toBe('first,second');
      expect(sessionCookie(res)).toMatch(/^[a-z0-9]{32}$/);
      // Really streamed: the client had the first chunk before the server produced the second.
      expect(res.chunks.length).toBeGreaterThanOrEqual(2);
      expect(lastReply.producedAt).toHaveLength(2);
      expect(res.chunks[0]?.at).toBeLessThan(lastReply.producedAt?.[1] ?? 0);
    });
  });

  test('update delayed 200 ms: headers, first chunk and end all come after it resolved', async () => {
    const { engine, manager, key } = await setUp();
    engine.plan = { updateDelayMs: 200 };
    await withApp(adapter, manager, streamTwoChunks, async (url) => {
      const started = performance.now();
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(engine.updateResolvedAt).toBeGreaterThanOrEqual(started + 195);
      expect(res.headersAt).toBeGreaterThanOrEqual(engine.updateResolvedAt);
      expect(res.chunks[0]?.at).toBeGreaterThanOrEqual(engine.updateResolvedAt);
      expect(res.endedAt).toBeGreaterThanOrEqual(engine.updateResolvedAt);
      expect(res.body).toBe('first,second');
      expect(sessionCookie(res)).toBe(key);
    });
    expect((await engine.inner.load(key))?.data).toMatchObject({ seeded: true, streamed: true });
  });

  test('UpdateError during the save: 400 and no body chunk sent', async () => {
    const { engine, manager, key } = await setUp();
    engine.plan = { update: 'update-error' };
    await withApp(adapter, manager, streamTwoChunks, async (url) => {
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(res.status).toBe(400);
      expect(res.body).not.toContain('first');
      expect(res.body).not.toContain('second');
      expect(res.setCookies).toEqual([]);
    });
  });

  test('an outage during the save: 503 and no body chunk sent', async () => {
    const { engine, manager, key } = await setUp();
    engine.plan = { update: 'outage' };
    await withApp(adapter, manager, streamTwoChunks, async (url) => {
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(res.status).toBe(503);
      expect(res.body).not.toContain('first');
      expect(res.setCookies).toEqual([]);
    });
  });

  test('the server keeps serving after a failed streamed commit', async () => {
    const { engine, manager, key } = await setUp();
    engine.plan = { update: 'outage' };
    await withApp(adapter, manager, streamTwoChunks, async (url) => {
      expect((await ask(url, { cookie: `sessionid=${key}` })).status).toBe(503);
      engine.plan = {};
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(res.status).toBe(200);
      expect(res.body).toBe('first,second');
    });
  });
});
