/** Messages and CSRF take their cookie settings from the session manager: one source. */
import { MemoryEngine, SessionManager } from '@sessionkit/core';
import { createCsrf } from '@sessionkit/core/csrf';
import { createMessages } from '@sessionkit/core/messages';
import { SECRET } from './support';

const managerWith = (cookie: ConstructorParameters<typeof SessionManager>[0]['cookie']) =>
  new SessionManager({ engine: new MemoryEngine(), cookie });

describe("messages and CSRF read the manager's cookie settings", () => {
  it("the messages cookie takes the session cookie's attributes and keeps its own name", () => {
    const manager = managerWith({ path: '/app', domain: 'example.com', secure: true, sameSite: 'Strict', httpOnly: false });
    const messages = createMessages({ secret: SECRET, manager });
    expect(messages.cookie).toEqual({
      name: 'messages',
      path: '/app',
      domain: 'example.com',
      secure: true,
      httpOnly: false,
      sameSite: 'Strict',
    });
  });

  it("an explicit cookie option wins over the manager's", () => {
    const manager = managerWith({ path: '/app', secure: true });
    const messages = createMessages({ secret: SECRET, manager, cookie: { path: '/', name: 'flash' } });
    expect(messages.cookie).toMatchObject({ name: 'flash', path: '/', secure: true });
  });

  it("takes the manager's secure: 'auto' (decided per request), unless the messages cookie's secure is given", () => {
    const manager = managerWith({ secure: 'auto' });
    expect(createMessages({ secret: SECRET, manager }).cookie.secure).toBe('auto');
    expect(createMessages({ secret: SECRET, manager, cookie: { secure: true } }).cookie.secure).toBe(true);
  });

  it("CSRF's Referer check uses the manager's cookie Domain, as Django's SESSION_COOKIE_DOMAIN", async () => {
    const manager = managerWith({ domain: '.example.com', secure: true });
    const session = manager.open(undefined);
    const request = { method: 'POST', secure: true, host: 'www.example.com', referer: 'https://api.example.com/form' };
    const withManager = await createCsrf({ manager }).verify(session, request);
    const without = await createCsrf().verify(session, request);
    // With the domain the Referer passes and the token check comes next; without it the Referer fails.
    expect(withManager).toEqual({ ok: false, reason: 'CSRF cookie not set.' });
    expect(without).toEqual({ ok: false, reason: expect.stringMatching(/^Referer checking failed/) });
  });
});
