import { MemoryEngine, type Session, type SessionData, SessionManager } from '@sessionkit/core';
import { createAuth } from '@sessionkit/core/auth';
import { createCsrf, type CsrfRequest, type CsrfOptions, maskCsrfSecret, unmaskCsrfToken } from '@sessionkit/core/csrf';
import { SECRET } from './support';

const SITE = { secure: false, host: 'shop.local:8000' };

function setup(options: CsrfOptions = {}) {
  const manager = new SessionManager({ engine: new MemoryEngine() });
  const csrf = createCsrf(options);
  const session = manager.open(undefined);
  const post = (extra: Partial<CsrfRequest>) => csrf.verify(session, { method: 'POST', ...SITE, ...extra });
  return { csrf, session, post, manager };
}

describe('CSRF (token in the session)', () => {
  it('lets safe methods through untouched', async () => {
    const { csrf, session } = setup();
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'TRACE']) {
      expect(await csrf.verify(session, { method, ...SITE, origin: 'https://evil.example' })).toEqual({ ok: true });
    }
    expect(session.accessed).toBe(false);
  });

  it('rejects an unsafe request without a secret in the session', async () => {
    const { post } = setup();
    expect(await post({ headerToken: 'a'.repeat(64) })).toEqual({ ok: false, reason: 'CSRF cookie not set.' });
  });

  it('rejects a missing, malformed or wrong token with Django’s reasons', async () => {
    const { csrf, session, post } = setup();
    await csrf.getToken(session);
    expect(await post({})).toEqual({ ok: false, reason: 'CSRF token missing.' });
    expect(await post({ headerToken: 'abc' })).toEqual({
      ok: false,
      reason: "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.",
    });
    expect(await post({ headerToken: '!'.repeat(64) })).toEqual({
      ok: false,
      reason: "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters.",
    });
    expect(await post({ headerToken: 'a'.repeat(64) })).toEqual({
      ok: false,
      reason: "CSRF token from the 'X-Csrftoken' HTTP header incorrect.",
    });
    expect(await post({ formToken: 'a'.repeat(64) })).toEqual({ ok: false, reason: 'CSRF token from POST incorrect.' });
    // The form field counts only for POST; PUT must use the header.
    const token = await csrf.getToken(session);
    expect(await csrf.verify(session, { method: 'PUT', ...SITE, formToken: token })).toEqual({
      ok: false,
      reason: 'CSRF token missing.',
    });
  });

  it('accepts a masked token, masked differently on every response', async () => {
    const { csrf, session, post } = setup();
    const first = await csrf.getToken(session);
    const second = await csrf.getToken(session);
    expect(first).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(second).not.toBe(first);
    expect(unmaskCsrfToken(first)).toBe(unmaskCsrfToken(second));
    expect(await post({ headerToken: first })).toEqual({ ok: true });
    expect(await post({ formToken: second })).toEqual({ ok: true });
    // The bare secret also matches, as in Django.
    expect(await post({ headerToken: unmaskCsrfToken(first) })).toEqual({ ok: true });
    expect(await session.get('_csrftoken')).toBe(unmaskCsrfToken(first));
  });

  it('keeps the secret across requests through the session', async () => {
    const { csrf, manager } = setup();
    const s1 = manager.open(undefined);
    const token = await csrf.getToken(s1);
    await manager.commit(s1, 200);
    const s2 = manager.open(s1.key as string);
    expect(await csrf.verify(s2, { method: 'POST', ...SITE, headerToken: token })).toEqual({ ok: true });
    const s3 = manager.open(undefined);
    expect(await csrf.verify(s3, { method: 'POST', ...SITE, headerToken: token })).toEqual({
      ok: false,
      reason: 'CSRF cookie not set.',
    });
  });

  it('rejects a cross-origin request, whatever the token', async () => {
    const { csrf, session, post } = setup();
    const token = await csrf.getToken(session);
    expect(await post({ headerToken: token, origin: 'http://evil.example' })).toEqual({
      ok: false,
      reason: 'Origin checking failed - http://evil.example does not match any trusted origins.',
    });
    expect(await post({ headerToken: token, origin: 'null' })).toMatchObject({ ok: false });
    expect(await post({ headerToken: token, origin: 'https://shop.local:8000' })).toMatchObject({ ok: false });
    expect(await post({ headerToken: token, origin: 'http://shop.local:8000' })).toEqual({ ok: true });
  });

  it('accepts trusted origins, exact and wildcard', async () => {
    const { csrf, session, post } = setup({ trustedOrigins: ['https://admin.example.com', 'https://*.example.org'] });
    const token = await csrf.getToken(session);
    expect(await post({ headerToken: token, origin: 'https://admin.example.com' })).toEqual({ ok: true });
    expect(await post({ headerToken: token, origin: 'https://a.b.example.org' })).toEqual({ ok: true });
    expect(await post({ headerToken: token, origin: 'https://example.org' })).toEqual({ ok: true });
    expect(await post({ headerToken: token, origin: 'http://a.example.org' })).toMatchObject({ ok: false });
    expect(await post({ headerToken: token, origin: 'https://evilexample.org' })).toMatchObject({ ok: false });
    expect(() => createCsrf({ trustedOrigins: ['example.com'] })).toThrow(/must start with a scheme/);
  });

  it('checks the Referer on HTTPS when there is no Origin', async () => {
    const { csrf, session } = setup({ trustedOrigins: ['https://pay.example.net'], cookieDomain: '.shop.example' });
    const token = await csrf.getToken(session);
    const https = (referer: string | undefined, host = 'www.shop.example') =>
      csrf.verify(session, { method: 'POST', secure: true, host, referer, headerToken: token });
    expect(await https(undefined)).toEqual({ ok: false, reason: 'Referer checking failed - no Referer.' });
    expect(await https('not a url')).toEqual({ ok: false, reason: 'Referer checking failed - Referer is malformed.' });
    expect(await https('http://www.shop.example/')).toEqual({
      ok: false,
      reason: 'Referer checking failed - Referer is insecure while host is secure.',
    });
    expect(await https('https://evil.example/x')).toEqual({
      ok: false,
      reason: 'Referer checking failed - https://evil.example/x does not match any trusted origins.',
    });
    expect(await https('https://other.shop.example/page')).toEqual({ ok: true });
    expect(await https('https://pay.example.net/return')).toEqual({ ok: true });
    // Without a cookie domain, the host itself.
    const plain = setup();
    const t = await plain.csrf.getToken(plain.session);
    const verify = (referer: string) =>
      plain.csrf.verify(plain.session, { method: 'POST', secure: true, host: 'shop.example', referer, headerToken: t });
    expect(await verify('https://shop.example/form')).toEqual({ ok: true });
    expect(await verify('https://sub.shop.example/form')).toMatchObject({ ok: false });
  });

  it('login rotates the secret: a token from before login no longer works', async () => {
    const { csrf, manager } = setup();
    const auth = createAuth({ secret: SECRET, loadUser: () => ({ id: 1, password: 'x' }) });
    const s = manager.open(undefined) as Session<SessionData>;
    const before = await csrf.getToken(s);
    await auth.login(s, { id: 1, password: 'x' });
    const request = { method: 'POST', ...SITE };
    expect(await csrf.verify(s, { ...request, headerToken: before })).toMatchObject({ ok: false });
    expect(await csrf.verify(s, { ...request, headerToken: await csrf.getToken(s) })).toEqual({ ok: true });
  });

  it('mask and unmask are inverse, and a custom mask gives Django’s arithmetic', () => {
    const secret = 'abcdefghijklmnopqrstuvwxyzABCDEF';
    const mask = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
    const token = maskCsrfSecret(secret, mask);
    expect(token.slice(0, 32)).toBe(mask);
    expect(unmaskCsrfToken(token)).toBe(secret);
  });
});
