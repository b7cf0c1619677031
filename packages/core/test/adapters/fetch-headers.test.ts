/**
 * withCommitHeaders and immutable Web Responses across realms. Under jest the test code runs
 * in a vm context while undici's Response, Headers and their TypeError come from the outer
 * realm, so `error instanceof TypeError` is false for the error `Response.redirect(...)`'s
 * headers throw: the adapter must recognise it by name, or redirects would lose the cookie.
 */
import { runInNewContext } from 'node:vm';
import { MemoryEngine, type SessionData, SessionManager } from '@sessionkit/core';
import { withSession } from '@sessionkit/core/fetch';
import type { CommitResult } from '../../src/http/manager.js';
import { withCommitHeaders } from '../../src/frameworks/fetch/commit-headers.js';
import { fetchServer } from './support/fetch-server';

const COMMIT: CommitResult = {
  action: 'set',
  setCookie: 'sessionid=abc123abc123; HttpOnly; Path=/; SameSite=Lax',
  vary: true,
  cacheControlPrivate: true,
};

/** Immutable headers whose mutators throw `error`, on a Response-shaped object. */
function responseThrowing(error: unknown): Response {
  const headers = new Headers({ location: 'http://127.0.0.1/next' });
  const frozen = new Proxy(headers, {
    get(target, name) {
      if (name === 'append' || name === 'set') {
        return () => {
          throw error;
        };
      }
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const response = new Response(null, { status: 302, headers });
  Object.defineProperty(response, 'headers', { value: frozen });
  return response;
}

describe('withCommitHeaders', () => {
  test('a mutable Response is patched in place', () => {
    const response = new Response('ok', { headers: { vary: 'Accept', 'cache-control': 'no-store' } });
    expect(withCommitHeaders(response, COMMIT)).toBe(response);
    expect(response.headers.getSetCookie()).toEqual([COMMIT.setCookie]);
    expect(response.headers.get('vary')).toBe('Accept, Cookie');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('Response.redirect: a copy with the cookie, status and Location kept', () => {
    const redirect = Response.redirect('http://127.0.0.1/next', 303);
    const out = withCommitHeaders(redirect, COMMIT);
    expect(out).not.toBe(redirect);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('http://127.0.0.1/next');
    expect(out.headers.getSetCookie()).toEqual([COMMIT.setCookie]);
    expect(out.headers.get('vary')).toBe('Cookie');
    expect(out.headers.get('cache-control')).toBe('private');
  });

  test('a TypeError made in another vm realm is recognised by name', () => {
    const foreign = runInNewContext('new TypeError("immutable")') as Error;
    expect(foreign instanceof TypeError).toBe(false);
    const out = withCommitHeaders(responseThrowing(foreign), COMMIT);
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe('http://127.0.0.1/next');
    expect(out.headers.getSetCookie()).toEqual([COMMIT.setCookie]);
  });

  test('any other error from the headers is rethrown, not papered over with a copy', () => {
    const other = new RangeError('something else');
    expect(() => withCommitHeaders(responseThrowing(other), COMMIT)).toThrow(other);
    expect(() => withCommitHeaders(responseThrowing('not an error'), COMMIT)).toThrow();
  });

  test('a commit that adds nothing returns the very same (immutable) Response', () => {
    const redirect = Response.redirect('http://127.0.0.1/next', 302);
    const none: CommitResult = { action: 'none', setCookie: null, vary: false, cacheControlPrivate: false };
    expect(withCommitHeaders(redirect, none)).toBe(redirect);
  });
});

describe('the fetch adapter returning Response.redirect from a handler that modifies the session', () => {
  const manager = () => new SessionManager<SessionData>({ engine: new MemoryEngine() });

  test('the redirect carries Set-Cookie, and the next request sees the data', async () => {
    const sessions = manager();
    const login = withSession(sessions, async (request, session) => {
      await session.set('user', 'ada');
      return Response.redirect(new URL('/home', request.url), 303);
    });
    const home = withSession(sessions, async (_request, session) => Response.json({ user: await session.get('user') }));

    const res = await login(new Request('http://127.0.0.1/login', { method: 'POST' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('http://127.0.0.1/home');
    const [setCookie] = res.headers.getSetCookie();
    expect(setCookie).toMatch(/^sessionid=[a-z0-9]{32}; Max-Age=1209600; /);
    expect(res.headers.get('vary')).toBe('Cookie');
    expect(res.headers.get('cache-control')).toBe('private');

    const cookie = (setCookie as string).split(';')[0] as string;
    const next = await home(new Request('http://127.0.0.1/home', { headers: { cookie } }));
    expect(await next.json()).toEqual({ user: 'ada' });
  });

  test('over a real socket too: the 303 reaches the client with the cookie', async () => {
    const server = fetchServer(
      withSession(manager(), async (request, session) => {
        await session.set('visited', true);
        return Response.redirect(new URL('/done', request.url), 303);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/go`, { method: 'POST', redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`http://127.0.0.1:${port}/done`);
      expect(res.headers.getSetCookie()).toEqual([expect.stringMatching(/^sessionid=[a-z0-9]{32};/)]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
