/**
 * The demo's JSON API without a browser: `startDemo` on an ephemeral port, Node's fetch and a
 * small cookie jar, once per engine. Unsafe calls need the X-CSRFToken header, as in Django.
 */
import { type RunningDemo, startDemo } from '../src/demo';
import type { EngineChoice } from '../src/engines';
import { DEMO_PASSWORD } from '../src/users';
import { serviceUrl } from '@sessionkit/test-services';

const TWO_WEEKS_MS = 1_209_600_000;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  setCookies: string[];
}

/** One visitor: a cookie jar, and the API's JSON (or a page's text) back. */
class Visitor {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async call(
    method: string,
    path: string,
    options: {
      json?: unknown;
      form?: Record<string, string>;
      raw?: string;
      token?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer> {
    const headers = new Headers(options.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (options.token !== undefined) headers.set('x-csrftoken', options.token);
    let body: string | undefined = options.raw;
    if (options.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(options.form).toString();
    }
    const res = await fetch(`${this.base}${path}`, { method, headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (/;\s*max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const isJson = res.headers.get('content-type')?.startsWith('application/json') === true;
    return { status: res.status, body: isJson ? JSON.parse(text) : { text }, setCookies };
  }

  /** GET /api/session, and its fresh masked token. */
  async session(): Promise<{ data: Record<string, unknown>; expiresAt: string; csrfToken: string }> {
    const { status, body } = await this.call('GET', '/api/session');
    expect(status).toBe(200);
    return body as { data: Record<string, unknown>; expiresAt: string; csrfToken: string };
  }
}

// cached_db runs where Redis is (the demo reads REDIS_URL); elsewhere the cached-db package's own suites say what is missing.
const redisUrl = serviceUrl('redis');
if (redisUrl !== null) process.env.REDIS_URL = redisUrl;
const ENGINES: EngineChoice[] = redisUrl === null ? ['db', 'signed_cookie'] : ['db', 'signed_cookie', 'cached_db'];

describe.each<EngineChoice>(ENGINES)('the JSON API, %s engine', (engine) => {
  let demo: RunningDemo;
  let visitor: Visitor;

  beforeAll(async () => {
    demo = await startDemo({
      port: 0,
      host: '127.0.0.1',
      engine,
      sqliteFile: ':memory:',
      secret: 'api-test-secret-that-is-long-enough-0123456789',
    });
  });
  afterAll(async () => {
    await demo?.close();
  });
  beforeEach(() => {
    visitor = new Visitor(demo.url);
  });

  test('GET /api/session: { data, expiresAt, csrfToken }, and the session cookie', async () => {
    const { status, body, setCookies } = await visitor.call('GET', '/api/session');
    expect(status).toBe(200);
    expect(body.data).toEqual({}); // the CSRF secret is stored but never shown
    expect(Math.abs(Date.parse(String(body.expiresAt)) - (Date.now() + TWO_WEEKS_MS))).toBeLessThan(5_000);
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(setCookies).toEqual([expect.stringMatching(/^sessionid=[^;]+; Max-Age=1209600; .*HttpOnly/)]);
    // Masked afresh on every response (BREACH), all for the same secret.
    const again = await visitor.session();
    expect(again.csrfToken).not.toBe(body.csrfToken);
    expect((await visitor.call('POST', '/api/session', { json: { a: 1 }, token: String(body.csrfToken) })).status).toBe(
      200,
    );
  });

  test('POST /api/session answers 400 to JSON nested 5,000 deep (10 KB), and to values the session refuses', async () => {
    const { csrfToken } = await visitor.session();
    const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(deep.length).toBeLessThan(16 * 1024);
    const headers = { 'content-type': 'application/json' };
    const res = await visitor.call('POST', '/api/session', { token: csrfToken, headers, raw: deep });
    expect(res).toMatchObject({ status: 400, body: { error: 'JSON nested deeper than 32 levels' } });
    // A number JSON would change on the way back (2^64) is the session's refusal, answered 400 too.
    const big = await visitor.call('POST', '/api/session', { token: csrfToken, headers, raw: '{"n":18446744073709551616}' });
    expect(big.status).toBe(400);
    expect(String(big.body.error)).toMatch(/n is 18446744073709552000/);
    expect((await visitor.session()).data).toEqual({});
  });

  test('POST /api/session merges a JSON object when the X-CSRFToken header is sent', async () => {
    const { csrfToken } = await visitor.session();
    const first = await visitor.call('POST', '/api/session', { json: { theme: 'dark' }, token: csrfToken });
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ theme: 'dark' });
    const second = await visitor.call('POST', '/api/session', { json: { lang: 'fr' }, token: csrfToken });
    expect(second.body.data).toEqual({ theme: 'dark', lang: 'fr' });
    expect((await visitor.session()).data).toEqual({ theme: 'dark', lang: 'fr' });
  });

  test('POST /api/session refuses reserved keys and what is not a JSON object', async () => {
    const { csrfToken } = await visitor.session();
    const reserved = await visitor.call('POST', '/api/session', { json: { _auth_user_id: '1' }, token: csrfToken });
    expect(reserved).toMatchObject({ status: 400, body: { error: 'keys starting with "_" are reserved' } });
    const list = await visitor.call('POST', '/api/session', { json: [1, 2], token: csrfToken });
    expect(list.status).toBe(400);
  });

  describe('the CSRF rule: unsafe calls need a valid token, with Django’s reason on a 403', () => {
    test('no header', async () => {
      await visitor.session();
      const res = await visitor.call('POST', '/api/session', { json: { theme: 'dark' } });
      expect(res).toMatchObject({
        status: 403,
        body: { error: 'CSRF verification failed. Request aborted.', reason: 'CSRF token missing.' },
      });
      expect((await visitor.session()).data).toEqual({});
    });

    test('no session yet: nobody ever got a token', async () => {
      const res = await visitor.call('POST', '/api/login', { json: { username: 'ada' }, token: 'x'.repeat(64) });
      expect(res).toMatchObject({ status: 403, body: { reason: 'CSRF cookie not set.' } });
    });

    test('a wrong or malformed token', async () => {
      await visitor.session();
      const wrong = await visitor.call('POST', '/api/logout', { token: 'a'.repeat(64) });
      expect(wrong.body.reason).toBe("CSRF token from the 'X-Csrftoken' HTTP header incorrect.");
      const short = await visitor.call('POST', '/api/logout', { token: 'abc' });
      expect(short.body.reason).toBe("CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.");
    });

    test('a token from another visitor’s session', async () => {
      const { csrfToken } = await new Visitor(demo.url).session();
      await visitor.session();
      const res = await visitor.call('POST', '/api/session', { json: { x: 1 }, token: csrfToken });
      expect(res.status).toBe(403);
    });

    test('a foreign Origin, even with a good token', async () => {
      const { csrfToken } = await visitor.session();
      const res = await visitor.call('POST', '/api/session', {
        json: { x: 1 },
        token: csrfToken,
        headers: { origin: 'http://evil.example' },
      });
      expect(res.body.reason).toBe('Origin checking failed - http://evil.example does not match any trusted origins.');
    });

    test('safe methods pass without a token; unknown routes are 404 before any CSRF check', async () => {
      expect((await visitor.call('GET', '/api/session')).status).toBe(200);
      expect((await visitor.call('POST', '/api/nowhere')).status).toBe(404);
    });
  });

  test('POST /api/login checks the password, cycles the key and rotates the CSRF secret', async () => {
    const { csrfToken } = await visitor.session();
    const before = visitor.cookies.get('sessionid');
    const wrong = await visitor.call('POST', '/api/login', {
      json: { username: 'ada', password: 'guess' },
      token: csrfToken,
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'wrong username or password' } });
    const missing = await visitor.call('POST', '/api/login', { json: { username: 'ada' }, token: csrfToken });
    expect(missing.status).toBe(401);

    const login = await visitor.call('POST', '/api/login', {
      json: { username: 'ada', password: DEMO_PASSWORD },
      token: csrfToken,
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ user: 'ada', csrfToken: expect.stringMatching(/^[A-Za-z0-9]{64}$/) });
    expect(visitor.cookies.get('sessionid')).not.toBe(before);
    if (engine !== 'signed_cookie') expect(login.body.keyAfter).not.toBe(login.body.keyBefore);

    const { data } = await visitor.session();
    expect(data).toMatchObject({ _auth_user_id: '1', _auth_user_backend: 'django.contrib.auth.backends.ModelBackend' });
    expect(data._auth_user_hash).toMatch(/^[0-9a-f]{64}$/);
    // The token handed out before login is void; the one from the login answer works.
    const stale = await visitor.call('POST', '/api/session', { json: { x: 1 }, token: csrfToken });
    expect(stale.body.reason).toBe("CSRF token from the 'X-Csrftoken' HTTP header incorrect.");
    const fresh = await visitor.call('POST', '/api/session', { json: { x: 1 }, token: String(login.body.csrfToken) });
    expect(fresh.status).toBe(200);
  });

  test('POST /api/logout flushes: the record is deleted and the cookie dropped', async () => {
    const { csrfToken } = await visitor.session();
    const login = await visitor.call('POST', '/api/login', {
      json: { username: 'grace', password: DEMO_PASSWORD },
      token: csrfToken,
    });
    const loggedIn = visitor.cookies.get('sessionid') as string;
    const logout = await visitor.call('POST', '/api/logout', { token: String(login.body.csrfToken) });
    expect(logout.status).toBe(200);
    expect(logout.body).toMatchObject({ ok: true });
    expect(logout.setCookies).toEqual([expect.stringMatching(/^sessionid=; Max-Age=0; /)]);
    expect(visitor.cookies.has('sessionid')).toBe(false);
    expect((await visitor.session()).data).toEqual({});
    if (engine !== 'signed_cookie') {
      // The old key names nothing any more: replaying it gives a fresh, empty session.
      const replay = new Visitor(demo.url);
      replay.cookies.set('sessionid', loggedIn);
      expect((await replay.session()).data).toEqual({});
    }
  });

  test('a password change (form, with csrfmiddlewaretoken) logs out the user’s other sessions', async () => {
    const other = new Visitor(demo.url);
    for (const v of [visitor, other]) {
      const { csrfToken } = await v.session();
      const login = await v.call('POST', '/api/login', {
        json: { username: 'linus', password: DEMO_PASSWORD },
        token: csrfToken,
      });
      expect(login.status).toBe(200);
    }
    const { csrfToken } = await visitor.session();
    const refused = await visitor.call('POST', '/account/password', {
      form: { current: DEMO_PASSWORD, password: 'x1' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.text).toContain('CSRF token missing.');

    const changed = await visitor.call('POST', '/account/password', {
      form: { csrfmiddlewaretoken: csrfToken, current: DEMO_PASSWORD, password: 'new-secret' },
    });
    expect(changed.status).toBe(303);
    expect((await visitor.session()).data).toMatchObject({ _auth_user_id: '3' });
    // The other session fails the hash check on its next request and is flushed.
    expect((await other.session()).data).toEqual({});
    expect((await other.call('GET', '/login')).body.text).toContain('id="login"');
    expect((await visitor.call('GET', '/login')).body.text).toContain('Password changed.');
  });
});
