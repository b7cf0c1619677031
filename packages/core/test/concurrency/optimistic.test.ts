import {
  CONFLICT_MESSAGE,
  ConfigError,
  generateVersionToken,
  MemoryEngine,
  SessionConflictError,
  type SessionEngine,
  SessionManager,
  type SessionManagerOptions,
} from '@sessionkit/core';
import { withSession as fetchSession } from '@sessionkit/core/fetch';
import { manualClock } from '../support/recording-engine';

const clock = manualClock();

function optimistic(options: Partial<SessionManagerOptions> = {}) {
  const engine = new MemoryEngine({ clock });
  return { engine, manager: new SessionManager({ engine, clock, concurrency: 'optimistic', ...options }) };
}

/** An engine that declares no version support, whatever MemoryEngine declares. */
function unversioned(): SessionEngine {
  const inner = new MemoryEngine({ clock });
  const capabilities = { ...inner.capabilities, optimisticConcurrency: false };
  return new Proxy(inner, {
    get: (target, property) => (property === 'capabilities' ? capabilities : Reflect.get(target, property, target)),
  });
}

async function seeded(manager: SessionManager, data: Record<string, number> = { n: 0 }): Promise<string> {
  const session = manager.open(undefined);
  await session.update(data);
  await manager.commit(session, 200);
  return session.key as string;
}

describe('concurrency options', () => {
  it('refuses optimistic mode over an engine without version support', () => {
    expect(() => new SessionManager({ engine: unversioned(), concurrency: 'optimistic' })).toThrow(ConfigError);
    expect(() => new SessionManager({ engine: unversioned(), concurrency: 'optimistic' })).toThrow(
      /does not declare capabilities\.optimisticConcurrency/,
    );
  });

  it.each([
    [{ concurrency: 'first-wins' as never }, /concurrency must be/],
    [{ concurrency: 'optimistic' as const, retry: -1 }, /retry must be/],
    [{ concurrency: 'optimistic' as const, retry: 1.5 }, /retry must be/],
    [{ concurrency: 'optimistic' as const, retry: 11 }, /retry must be/],
    [{ retry: 1 }, /retry only applies/],
    [{ touchAfter: -1 }, /touchAfter/],
    [{ touchAfter: 1_209_600 }, /touchAfter/],
    [{ touchAfter: 0.5 }, /touchAfter/],
    [{ absoluteTimeout: 0 }, /absoluteTimeout/],
    [{ absoluteTimeout: 3.5 }, /absoluteTimeout/],
  ])('refuses %j at construction', (options, message) => {
    expect(() => new SessionManager({ engine: new MemoryEngine(), ...options })).toThrow(message);
  });

  it('defaults to last-write-wins with no retry, touch or cap', () => {
    expect(new SessionManager({ engine: unversioned() }).policy).toEqual({
      concurrency: 'last-write-wins',
      retry: 0,
      touchAfterMs: undefined,
      absoluteTimeout: undefined,
    });
  });
});

describe('optimistic commit', () => {
  it('refuses the second of two overlapping writes with SessionConflictError (409) and keeps the first', async () => {
    const { engine, manager } = optimistic();
    const key = await seeded(manager);
    const first = manager.open(key);
    const second = manager.open(key);
    await first.set('n', 1);
    await second.set('n', 2);
    await manager.commit(first, 200);
    const error = await manager.commit(second, 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionConflictError);
    expect((error as SessionConflictError).status).toBe(409);
    // Core's words for the client; the engine's own message stays in `cause`.
    expect((error as Error).message).toBe(CONFLICT_MESSAGE);
    expect((error as Error).cause).toBeInstanceOf(SessionConflictError);
    expect((await engine.load(key))?.data).toEqual({ n: 1 });
  });

  it('in the default mode the later write wins and the earlier one is lost', async () => {
    const engine = new MemoryEngine({ clock });
    const manager = new SessionManager({ engine, clock });
    const key = await seeded(manager);
    const first = manager.open(key);
    const second = manager.open(key);
    await first.set('a', 1);
    await second.set('b', 2);
    await manager.commit(first, 200);
    await manager.commit(second, 200);
    expect((await engine.load(key))?.data).toEqual({ n: 0, b: 2 });
  });

  it('stores a fresh 16-character token on every write, in both modes', async () => {
    for (const concurrency of ['optimistic', 'last-write-wins'] as const) {
      const engine = new MemoryEngine({ clock });
      const manager = new SessionManager({ engine, clock, concurrency });
      const key = await seeded(manager);
      const before = (await engine.load(key))?.version;
      const session = manager.open(key);
      await session.set('n', 1);
      await manager.commit(session, 200);
      const after = (await engine.load(key))?.version;
      expect(before).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(after).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(after).not.toBe(before);
    }
  });

  it('draws tokens that do not repeat, across refills of their random pool', () => {
    const tokens = Array.from({ length: 2000 }, () => generateVersionToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('a second save in the same request is conditioned on its own first write', async () => {
    const { engine, manager } = optimistic();
    const key = await seeded(manager);
    const session = manager.open(key);
    await session.set('n', 1);
    await session.save();
    await session.set('n', 2);
    await manager.commit(session, 200);
    expect((await engine.load(key))?.data).toEqual({ n: 2 });
  });

  it('overwrites a record stored without a token once, which stamps it', async () => {
    const { engine, manager } = optimistic();
    const key = await seeded(manager);
    const stored = await engine.load(key);
    await engine.update(key, { data: { n: 5 }, expiresAt: stored?.expiresAt as Date });
    const session = manager.open(key);
    await session.set('n', 6);
    await manager.commit(session, 200);
    expect(await engine.load(key)).toMatchObject({ data: { n: 6 }, version: expect.any(String) });
  });
});

/** A handler that, on its first run only, lets a concurrent request change the session it loaded. */
function racingHandler(manager: SessionManager) {
  let runs = 0;
  const handler = async (_request: Request, session: ReturnType<SessionManager['open']>) => {
    runs += 1;
    const n = (await session.get('n')) as number;
    if (runs === 1) {
      const other = manager.open(session.key as string);
      await other.set('n', n + 100);
      await manager.commit(other, 200);
    }
    await session.set('n', n + 1);
    return new Response(`n=${n + 1}`);
  };
  return { handler, runs: () => runs };
}

describe('fetch handler in optimistic mode', () => {
  it('answers 409 with core message and no Set-Cookie when retry is 0', async () => {
    const { engine, manager } = optimistic();
    const key = await seeded(manager);
    const { handler, runs } = racingHandler(manager);
    const response = await fetchSession(
      manager,
      handler,
    )(new Request('http://x/', { headers: { cookie: `sessionid=${key}` } }));
    expect(response.status).toBe(409);
    expect(await response.text()).toBe(CONFLICT_MESSAGE);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(runs()).toBe(1);
    expect((await engine.load(key))?.data).toEqual({ n: 100 });
  });

  it('with retry reruns the handler on fresh data and a readable request body', async () => {
    const { engine, manager } = optimistic({ retry: 2 });
    const key = await seeded(manager);
    const { handler, runs } = racingHandler(manager);
    const bodies: string[] = [];
    const reading = async (request: Request, session: ReturnType<SessionManager['open']>) => {
      bodies.push(await request.text());
      return handler(request, session);
    };
    const request = new Request('http://x/', {
      method: 'POST',
      body: 'payload',
      headers: { cookie: `sessionid=${key}` },
    });
    const response = await fetchSession(manager, reading)(request);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('n=101');
    expect(runs()).toBe(2);
    expect(bodies).toEqual(['payload', 'payload']);
    expect((await engine.load(key))?.data).toEqual({ n: 101 });
  });

  it('gives up with 409 once the reruns are spent', async () => {
    const { manager } = optimistic({ retry: 1 });
    const key = await seeded(manager);
    let runs = 0;
    const alwaysRaced = fetchSession(manager, async (_request, session) => {
      runs += 1;
      const n = (await session.get('n')) as number;
      const other = manager.open(session.key as string);
      await other.set('n', n + 100);
      await manager.commit(other, 200);
      await session.set('n', n + 1);
      return new Response('ok');
    });
    const response = await alwaysRaced(new Request('http://x/', { headers: { cookie: `sessionid=${key}` } }));
    expect(response.status).toBe(409);
    expect(runs).toBe(2);
  });
});
