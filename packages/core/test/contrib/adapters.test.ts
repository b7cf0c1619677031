import { randomBytes } from 'node:crypto';
import { MemoryEngine, type SessionData, SessionManager } from '@sessionkit/core';
import { createCsrf } from '@sessionkit/core/csrf';
import { sessionPlugin } from '@sessionkit/core/fastify';
import { createMessages, fastifyMessages } from '@sessionkit/core/messages';
import Fastify from 'fastify';
import { APPS, type Kit, type Running } from './apps';
import { SECRET } from './support';

/** A browser's cookie jar over fetch. */
function client(base: string) {
  const jar = new Map<string, string>();
  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(new URL(path, base), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /Max-Age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }
  return { jar, send };
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe.each(APPS)('$name: csrf and messages glue', (app) => {
  let running: Running;
  let engine: MemoryEngine;

  beforeEach(async () => {
    engine = new MemoryEngine();
    const kit: Kit = {
      manager: new SessionManager<SessionData>({ engine }),
      csrf: createCsrf(),
      messages: createMessages({ secret: SECRET }),
    };
    running = await app.start(kit);
  });
  afterEach(() => running.close());

  it('rejects a POST without a token, with Django’s reason', async () => {
    const c = client(running.url);
    await c.send('/form');
    const res = await c.send('/save?m=x', { method: 'POST' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('CSRF token missing.');
  });

  it('rejects a cross-origin POST even with a good token', async () => {
    const c = client(running.url);
    const { token } = (await (await c.send('/form')).json()) as { token: string };
    const res = await c.send('/save?m=x', {
      method: 'POST',
      headers: { 'x-csrftoken': token, origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(
      'Origin checking failed - http://evil.example does not match any trusted origins.',
    );
  });

  it('accepts a form token, then shows the messages once after the redirect', async () => {
    const c = client(running.url);
    const { token } = (await (await c.send('/form')).json()) as { token: string };
    const res = await c.send('/save?m=Saved.&m=Twice.', form({ csrfmiddlewaretoken: token }));
    expect(res.status).toBe(302);
    expect(c.jar.has('messages')).toBe(true);
    expect(await (await c.send('/show')).json()).toEqual(['Saved.', 'Twice.']);
    expect(c.jar.has('messages')).toBe(false);
    expect(await (await c.send('/show')).json()).toEqual([]);
  });

  it('sends the overflow to the session before it commits: nothing lost', async () => {
    const c = client(running.url);
    const { token } = (await (await c.send('/form')).json()) as { token: string };
    const sent = Array.from({ length: 60 }, (_, i) => `${i} ${randomBytes(30).toString('base64url')}`);
    const query = sent.map((m) => `m=${encodeURIComponent(m)}`).join('&');
    const res = await c.send(`/save?${query}`, { method: 'POST', headers: { 'x-csrftoken': token } });
    expect(res.status).toBe(302);
    const stored = await engine.load(c.jar.get('sessionid') as string);
    expect(typeof stored?.data._messages).toBe('string');
    expect(await (await c.send('/show')).json()).toEqual(sent);
    expect((await engine.load(c.jar.get('sessionid') as string))?.data._messages).toBeUndefined();
  });
});

describe('fastify: plugin order', () => {
  it('refuses fastifyMessages registered after the session plugin (the overflow would miss the commit)', async () => {
    const app = Fastify();
    await app.register(sessionPlugin, { engine: new MemoryEngine() });
    await app.register(fastifyMessages, { messages: createMessages({ secret: SECRET }) });
    app.get('/', async () => 'ok');
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(url);
      expect(res.status).toBe(500);
      expect(((await res.json()) as { message: string }).message).toMatch(
        /register fastifyMessages before the session plugin/,
      );
    } finally {
      await app.close();
    }
  });
});
