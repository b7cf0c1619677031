import {
  EngineUnavailableError,
  MemoryEngine,
  SessionInterruptedError,
  SessionManager,
  SessionTooLargeError,
} from '@sessionkit/core';
import { manualClock, recordCalls } from '../support/recording-engine';

// Django's SessionMiddleware rules (reference section 3), tested on the manager alone.
const clock = manualClock(Date.UTC(2026, 10, 28, 12, 0, 0));
const EXPIRES = 'Sat, 12 Dec 2026 12:00:00 GMT';

function setup(options: Partial<ConstructorParameters<typeof SessionManager>[0]> = {}) {
  const memory = new MemoryEngine({ clock });
  const { engine, calls } = recordCalls(memory);
  const manager = new SessionManager({ engine, clock, ...options });
  return { memory, manager, calls };
}

async function savedKey(manager: SessionManager): Promise<string> {
  const session = manager.open(undefined);
  await session.set('hello', 'world');
  await manager.commit(session, 200);
  return session.key as string;
}

describe('SessionManager.commit', () => {
  it('sets the cookie with Django default attributes', async () => {
    const { manager } = setup();
    const session = manager.open(undefined);
    await session.set('hello', 'world');
    const result = await manager.commit(session, 200);
    expect(result).toEqual({
      action: 'set',
      setCookie: `sessionid=${session.key}; Max-Age=1209600; Path=/; Expires=${EXPIRES}; HttpOnly; SameSite=Lax`,
      vary: true,
      cacheControlPrivate: true,
    });
    expect(session.key).toMatch(/^[a-z0-9]{32}$/);
  });

  it('sends whole seconds for an expiry Django stored with a fraction (set_expiry(300.5)), as Django does', async () => {
    const { memory, manager } = setup();
    const key = await savedKey(manager);
    await memory.update(key, { data: { _session_expiry: 300.5, u: 2 }, expiresAt: new Date(clock.now() + 300_500) });
    const session = manager.open(key);
    await session.set('v', 1);
    expect((await manager.commit(session, 200)).setCookie).toBe(
      `sessionid=${key}; Max-Age=300; Path=/; Expires=Sat, 28 Nov 2026 12:05:00 GMT; HttpOnly; SameSite=Lax`,
    );
  });

  it('sets a browser-session cookie with neither Max-Age nor Expires', async () => {
    const { manager } = setup({ expireAtBrowserClose: true });
    const session = manager.open(undefined);
    await session.set('a', 1);
    expect((await manager.commit(session, 200)).setCookie).toBe(`sessionid=${session.key}; Path=/; HttpOnly; SameSite=Lax`);
  });

  it('honours custom cookie settings', async () => {
    const { manager } = setup({
      cookie: { domain: '.example.local', path: '/example/', secure: true, httpOnly: false, sameSite: 'Strict' },
    });
    const session = manager.open(undefined);
    await session.set('a', 1);
    expect((await manager.commit(session, 200)).setCookie).toBe(
      `sessionid=${session.key}; Max-Age=1209600; Domain=.example.local; Path=/example/; Expires=${EXPIRES}; Secure; SameSite=Strict`,
    );
  });

  it('deletes the cookie after a flush, with the same path and domain', async () => {
    const { manager } = setup({ cookie: { domain: '.example.local', path: '/example/' } });
    const session = manager.open('abc');
    await session.flush();
    expect(await manager.commit(session, 200)).toEqual({
      action: 'delete',
      setCookie: 'sessionid=; Max-Age=0; Domain=.example.local; Path=/example/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
      vary: true,
      cacheControlPrivate: true,
    });
  });

  it('sets no cookie for a flush without a cookie, but varies on Cookie', async () => {
    const { manager, calls } = setup();
    const session = manager.open(undefined);
    await session.flush();
    expect(await manager.commit(session, 200)).toEqual({ action: 'none', setCookie: null, vary: true, cacheControlPrivate: false });
    expect(calls).toEqual([]);
  });

  it('does nothing for an untouched session: no I/O, no Vary', async () => {
    const { manager, calls } = setup();
    const key = await savedKey(manager);
    calls.length = 0;
    const result = await manager.commit(manager.open(key), 200);
    expect(result).toEqual({ action: 'none', setCookie: null, vary: false, cacheControlPrivate: false });
    expect(calls).toEqual([]);
  });

  it.each([500, 503])('does not save on a %i', async (status) => {
    const { manager, memory } = setup();
    const session = manager.open(undefined);
    await session.set('hello', 'world');
    expect(await manager.commit(session, status)).toEqual({ action: 'none', setCookie: null, vary: true, cacheControlPrivate: false });
    expect(session.key).toBeNull();
    expect(await memory.clearExpired()).toBe(0);
  });

  it('keeps saving an emptied session that still has its key (test_empty_session_saved)', async () => {
    const { manager, memory } = setup();
    const key = await savedKey(manager);
    const session = manager.open(key);
    await session.delete('hello');
    const result = await manager.commit(session, 200);
    expect(result.action).toBe('set');
    expect(session.key).toBe(key);
    expect((await memory.load(key))?.data).toEqual({});
  });

  it('turns a concurrent delete into SessionInterruptedError (400)', async () => {
    const { manager, memory } = setup();
    const key = await savedKey(manager);
    const session = manager.open(key);
    await session.set('hello', 'again');
    await memory.delete(key);
    const error = await manager.commit(session, 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionInterruptedError);
    expect((error as SessionInterruptedError).status).toBe(400);
    expect((error as Error).message).toBe(
      "The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.",
    );
    expect(await memory.exists(key)).toBe(false);
  });

  it('lets an outage through as EngineUnavailableError (503), never as interrupted', async () => {
    const { manager, memory } = setup();
    const key = await savedKey(manager);
    const session = manager.open(key);
    await session.set('hello', 'again');
    memory.update = async () => {
      throw new EngineUnavailableError('[memory] down'); // injected fault: a real outage cannot be produced in memory
    };
    const error = await manager.commit(session, 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as EngineUnavailableError).status).toBe(503);
  });

  it('saveEveryRequest saves an untouched session with a key, and creates nothing without one', async () => {
    const { manager, calls } = setup({ saveEveryRequest: true });
    const key = await savedKey(manager);
    calls.length = 0;
    const result = await manager.commit(manager.open(key), 200);
    expect(result.action).toBe('set');
    expect(calls).toEqual(['load', 'update']);
    calls.length = 0;
    expect((await manager.commit(manager.open(undefined), 200)).action).toBe('none');
    expect(calls).toEqual([]);
  });

  it('refuses a cookie over 4096 bytes with SessionTooLargeError and sends nothing', async () => {
    const { manager } = setup({ cookie: { name: 'x'.repeat(4070) } });
    const session = manager.open(undefined);
    await session.set('a', 1);
    await expect(manager.commit(session, 200)).rejects.toBeInstanceOf(SessionTooLargeError);
  });
});

describe('SessionManager.open with bad cookies', () => {
  const malformed: [string, string][] = [
    ['too short', '1234567'],
    ['empty', ''],
    ['uppercase', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ123456'],
    ['wrong charset', 'abcdefgh-12345678'],
    ['path traversal', '../../../../etc/passwd'],
    ['4 KB long', 'a'.repeat(4096)],
    ['control characters', 'abcdefgh\u0000ijklmnop'],
    ['CRLF', 'abcdefgh\r\nijklmnop'],
    ['unicode look-alikes', 'аbcdefghijklmnop'],
    ['sql meta', "abcdefgh' or 1=1"],
  ];

  it.each(malformed)('%s gives a fresh empty session with no engine I/O, and the cookie is deleted', async (_label, value) => {
    const { manager, calls } = setup();
    const session = manager.open(value);
    expect(session.key).toBeNull();
    expect(await session.get('anything')).toBeUndefined();
    expect((await manager.commit(session, 200)).action).toBe('delete');
    expect(calls).toEqual([]);
  });

  it('an unknown well-formed key loads nothing and creates nothing; a write gets a different key', async () => {
    const { manager, calls, memory } = setup();
    const unknown = 'abcdefghijklmnopqrstuvwxyz012345';
    const reader = manager.open(unknown);
    expect(await reader.get('x')).toBeUndefined();
    expect((await manager.commit(reader, 200)).action).toBe('delete');
    expect(calls).toEqual(['load']);
    const writer = manager.open(unknown);
    await writer.set('x', 1);
    await manager.commit(writer, 200);
    expect(writer.key).not.toBe(unknown);
    expect(await memory.exists(unknown)).toBe(false);
  });
});
