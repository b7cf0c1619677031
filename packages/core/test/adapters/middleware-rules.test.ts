/**
 * The rest of Django's middleware rules (reference section 3) and the checklist's cookie and
 * caching items, for every adapter. Real servers and engines; FaultyEngine (a fake) only
 * where a fault must be injected.
 */
import { MemoryEngine } from '@sessionkit/core';
import { ADAPTERS, withApp } from './support/apps';
import { ask, closeClient, sessionCookie } from './support/client';
import { FaultyEngine } from './support/faults';
import type { Route } from './support/route';
import { DELETE_COOKIE, managerFor, seed, touching } from './support/sessions';

afterAll(closeClient);

describe.each(ADAPTERS)('$name: middleware rules', (adapter) => {
  test('cookie attributes from the settings: Max-Age, Expires, Path, HttpOnly, SameSite', async () => {
    await withApp(adapter, managerFor(), touching, async (url) => {
      const res = await ask(url);
      const [line] = res.setCookies;
      expect(line).toMatch(
        /^sessionid=[a-z0-9]{32}; Max-Age=1209600; Path=\/; Expires=[^;]+ GMT; HttpOnly; SameSite=Lax$/,
      );
      const expires = Date.parse(/Expires=([^;]+)/.exec(line as string)?.[1] ?? '');
      expect(Math.abs(expires - (Date.now() + 1_209_600_000))).toBeLessThan(5000);
      expect(res.headers['cache-control']).toBe('private');
    });
  });

  test('expireAtBrowserClose gives a cookie without Max-Age or Expires', async () => {
    await withApp(adapter, managerFor({ expireAtBrowserClose: true }), touching, async (url) => {
      expect((await ask(url)).setCookies[0]).toMatch(/^sessionid=[a-z0-9]{32}; Path=\/; HttpOnly; SameSite=Lax$/);
    });
  });

  test('untouched session, no cookie: no Set-Cookie, no Vary, no Cache-Control', async () => {
    await withApp(
      adapter,
      managerFor(),
      () => ({ chunks: ['hi'] }),
      async (url) => {
        const res = await ask(url);
        expect(res.setCookies).toEqual([]);
        expect(res.headers.vary).toBeUndefined();
        expect(res.headers['cache-control']).toBeUndefined();
      },
    );
  });

  test('reading the session adds Vary: Cookie after the app own Vary, without a cookie', async () => {
    const manager = managerFor();
    const key = await seed(manager, { n: 1 });
    const route: Route = async (session) => ({
      headers: { vary: 'Accept-Encoding' },
      chunks: [String(await session.get('n'))],
    });
    await withApp(adapter, manager, route, async (url) => {
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(res.body).toBe('1');
      expect(res.setCookies).toEqual([]);
      expect(res.headers.vary).toBe('Accept-Encoding, Cookie');
    });
  });

  test('Cache-Control: private joins the app value; a stricter no-store is kept', async () => {
    const withHeader =
      (value: string): Route =>
      async (session) => {
        await session.set('x', 1);
        return { headers: { 'cache-control': value }, chunks: ['ok'] };
      };
    await withApp(adapter, managerFor(), withHeader('public, max-age=60'), async (url) => {
      expect((await ask(url)).headers['cache-control']).toBe('private, max-age=60');
    });
    await withApp(adapter, managerFor(), withHeader('no-store'), async (url) => {
      expect((await ask(url)).headers['cache-control']).toBe('no-store');
    });
  });

  test('an app-set cookie is kept next to the session cookie', async () => {
    const route: Route = async (session) => {
      await session.set('x', 1);
      return { headers: { 'set-cookie': 'theme=dark; Path=/' }, chunks: ['ok'] };
    };
    await withApp(adapter, managerFor(), route, async (url) => {
      const res = await ask(url);
      expect(res.setCookies).toHaveLength(2);
      expect(res.setCookies).toContain('theme=dark; Path=/');
      expect(sessionCookie(res)).toMatch(/^[a-z0-9]{32}$/);
    });
  });

  test('saveEveryRequest re-saves an untouched session and refreshes its cookie', async () => {
    const manager = managerFor({ saveEveryRequest: true });
    const key = await seed(manager, { n: 1 });
    await withApp(
      adapter,
      manager,
      () => ({ chunks: ['untouched'] }),
      async (url) => {
        const res = await ask(url, { cookie: `sessionid=${key}` });
        expect(sessionCookie(res)).toBe(key);
        const none = await ask(url);
        expect(none.setCookies).toEqual([]);
      },
    );
  });

  test('a 404 still saves (only a 5xx skips the save)', async () => {
    const route: Route = async (session) => {
      await session.set('seen', true);
      return { status: 404, chunks: ['nope'] };
    };
    await withApp(adapter, managerFor(), route, async (url) => {
      const res = await ask(url);
      expect(res.status).toBe(404);
      expect(sessionCookie(res)).toMatch(/^[a-z0-9]{32}$/);
    });
  });

  test('duplicate session cookies: the first one wins', async () => {
    const manager = managerFor();
    const first = await seed(manager, { who: 'first' });
    const second = await seed(manager, { who: 'second' });
    const route: Route = async (session) => ({ chunks: [String(await session.get('who'))] });
    await withApp(adapter, manager, route, async (url) => {
      expect((await ask(url, { cookie: `sessionid=${first}; other=1; sessionid=${second}` })).body).toBe('first');
    });
  });

  test('an invalid cookie the handler never touched is deleted', async () => {
    await withApp(
      adapter,
      managerFor(),
      () => ({ chunks: ['hi'] }),
      async (url) => {
        expect((await ask(url, { cookie: 'sessionid=abc' })).setCookies).toEqual([DELETE_COOKIE]);
      },
    );
  });

  test('an engine outage while loading gives 503 (FaultyEngine, injected)', async () => {
    const engine = new FaultyEngine(new MemoryEngine());
    const manager = managerFor({}, engine);
    const key = await seed(manager, { n: 1 });
    engine.plan = { load: 'outage' };
    const route: Route = async (session) => ({ chunks: [String(await session.get('n'))] });
    await withApp(adapter, manager, route, async (url) => {
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(res.status).toBe(503);
      expect(res.setCookies).toEqual([]);
    });
  });

  test('an engine outage while saving gives 503 (FaultyEngine, injected)', async () => {
    const engine = new FaultyEngine(new MemoryEngine());
    const manager = managerFor({}, engine);
    const key = await seed(manager, { n: 1 });
    engine.plan = { update: 'outage' };
    await withApp(adapter, manager, touching, async (url) => {
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(res.status).toBe(503);
      expect(res.setCookies).toEqual([]);
      expect(res.body).not.toContain('Session test');
      expect(res.body).not.toContain('unreachable');
    });
  });

  test('data too large gives 500 with no cookie (a real MemoryEngine limit)', async () => {
    const manager = managerFor({}, new MemoryEngine({ maxDataBytes: 64 }));
    const route: Route = async (session) => {
      await session.set('big', 'x'.repeat(200));
      return { chunks: ['never sent'] };
    };
    await withApp(adapter, manager, route, async (url) => {
      const res = await ask(url);
      expect(res.status).toBe(500);
      expect(res.setCookies).toEqual([]);
      expect(res.body).not.toContain('never sent');
    });
  });

  test('data persists across requests', async () => {
    const route: Route = async (session) => {
      const count = ((await session.get('count')) as number | undefined) ?? 0;
      await session.set('count', count + 1);
      return { chunks: [String(count + 1)] };
    };
    await withApp(adapter, managerFor(), route, async (url) => {
      const first = await ask(url);
      const cookie = `sessionid=${sessionCookie(first)}`;
      expect(first.body).toBe('1');
      expect((await ask(url, { cookie })).body).toBe('2');
      expect((await ask(url, { cookie })).body).toBe('3');
    });
  });
});
