/**
 * Django's SessionMiddlewareTests (reference 9.6), ported and run against every adapter from
 * one table. Real servers on 127.0.0.1 and the real MemoryEngine (no fakes here).
 */
import { INTERRUPTED_MESSAGE, MemoryEngine } from '@sessionkit/core';
import { recordCalls } from '../support/recording-engine';
import { ADAPTERS, withApp } from './support/apps';
import { ask, closeClient, sessionCookie } from './support/client';
import type { Route } from './support/route';
import { DELETE_COOKIE, managerFor, seed, touching } from './support/sessions';

afterAll(closeClient);

describe.each(ADAPTERS)('$name: Django SessionMiddlewareTests', (adapter) => {
  test('test_secure_session_cookie', async () => {
    await withApp(adapter, managerFor({ cookie: { secure: true } }), touching, async (url) => {
      const res = await ask(url);
      expect(res.setCookies).toHaveLength(1);
      expect(res.setCookies[0]).toMatch(/; Secure(;|$)/);
    });
  });

  test('test_httponly_session_cookie', async () => {
    await withApp(adapter, managerFor({ cookie: { httpOnly: true } }), touching, async (url) => {
      expect((await ask(url)).setCookies[0]).toMatch(/; HttpOnly(;|$)/);
    });
  });

  test('test_samesite_session_cookie', async () => {
    await withApp(adapter, managerFor({ cookie: { sameSite: 'Strict' } }), touching, async (url) => {
      expect((await ask(url)).setCookies[0]).toMatch(/; SameSite=Strict(;|$)/);
    });
  });

  test('test_no_httponly_session_cookie', async () => {
    await withApp(adapter, managerFor({ cookie: { httpOnly: false } }), touching, async (url) => {
      const res = await ask(url);
      expect(res.setCookies[0]).toMatch(/^sessionid=[a-z0-9]{32};/);
      expect(res.setCookies[0]).not.toContain('HttpOnly');
    });
  });

  test.each([500, 503])('test_session_save_on_%i: nothing saved, no cookie', async (status) => {
    const recording = recordCalls(new MemoryEngine());
    const manager = managerFor({}, recording.engine);
    const key = await seed(manager, { kept: 1 });
    recording.calls.length = 0;
    const route: Route = async (session) => {
      await session.set('hello', 'world');
      return { status, chunks: ['boom'] };
    };
    await withApp(adapter, manager, route, async (url) => {
      const fresh = await ask(url);
      const carried = await ask(url, { cookie: `sessionid=${key}` });
      for (const res of [fresh, carried]) {
        expect(res.status).toBe(status);
        expect(res.setCookies).toEqual([]);
        expect(res.headers.vary).toBe('Cookie');
      }
    });
    expect(recording.calls.filter((c) => c === 'create' || c === 'update')).toEqual([]);
    expect((await recording.engine.load(key))?.data).toEqual({ kept: 1 });
  });

  test('test_session_update_error_redirect: a concurrently deleted session gives 400', async () => {
    const manager = managerFor();
    const key = await seed(manager, { user: 'a' });
    const route: Route = async (session) => {
      await session.get('user');
      await manager.engine.delete(key); // a concurrent logout
      await session.set('hello', 'world');
      return { chunks: ['never sent'] };
    };
    await withApp(adapter, manager, route, async (url) => {
      const res = await ask(url, { cookie: `sessionid=${key}` });
      expect(res.status).toBe(400);
      expect(res.setCookies).toEqual([]);
      expect(res.body).not.toContain('never sent');
      expect(res.body).toContain(INTERRUPTED_MESSAGE);
    });
    expect(await manager.engine.exists(key)).toBe(false);
  });

  test('test_session_delete_on_end: the exact delete header after a flush', async () => {
    const route: Route = async (session) => {
      await session.flush();
      return { chunks: ['flushed'] };
    };
    await withApp(adapter, managerFor(), route, async (url) => {
      const res = await ask(url, { cookie: 'sessionid=abc' });
      expect(res.setCookies).toEqual([DELETE_COOKIE]);
      expect(res.headers.vary).toBe('Cookie');
    });
  });

  test('test_session_delete_on_end_with_custom_domain_and_path', async () => {
    const manager = managerFor({ cookie: { domain: '.example.local', path: '/example/' } });
    const route: Route = async (session) => {
      await session.flush();
      return {};
    };
    await withApp(adapter, manager, route, async (url) => {
      const res = await ask(url, { path: '/example/x', cookie: 'sessionid=abc' });
      expect(res.setCookies).toEqual([
        'sessionid=; Max-Age=0; Domain=.example.local; Path=/example/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
      ]);
    });
  });

  test('test_flush_empty_without_session_cookie_doesnt_set_cookie', async () => {
    const route: Route = async (session) => {
      await session.flush();
      return {};
    };
    await withApp(adapter, managerFor(), route, async (url) => {
      const res = await ask(url);
      expect(res.setCookies).toEqual([]);
      expect(res.headers.vary).toBe('Cookie');
    });
  });

  test('test_empty_session_saved: emptied data is saved, not deleted, under the same key', async () => {
    const manager = managerFor();
    const route: Route = async (session, { path }) => {
      if (path === '/set') await session.set('foo', 'bar');
      else await session.delete('foo');
      return { chunks: [JSON.stringify(await session.entries())] };
    };
    await withApp(adapter, manager, route, async (url) => {
      const first = await ask(url, { path: '/set' });
      expect(first.body).toBe('[["foo","bar"]]');
      const key = sessionCookie(first) as string;
      expect(key.length).toBeGreaterThan(8);
      expect(first.headers.vary).toBe('Cookie');

      const second = await ask(url, { path: '/del', cookie: `sessionid=${key}` });
      expect(second.body).toBe('[]');
      expect(sessionCookie(second)).toBe(key);
      expect(second.headers.vary).toBe('Cookie');
      expect((await manager.engine.load(key))?.data).toEqual({});
    });
  });
});
