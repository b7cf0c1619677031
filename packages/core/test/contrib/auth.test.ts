import { MemoryEngine, SessionManager } from '@sessionkit/core';
import { createAuth, HASH_SESSION_KEY, SESSION_KEY } from '@sessionkit/core/auth';
import { OLD_SECRET, SECRET, visit } from './support';

interface User {
  id: number;
  password: string;
}

function setup(secret = SECRET, fallbackSecrets: string[] = []) {
  const engine = new MemoryEngine();
  const manager = new SessionManager({ engine });
  const users = new Map<string, User>([
    ['1', { id: 1, password: 'pbkdf2_sha256$600000$salt$hash-one' }],
    ['2', { id: 2, password: 'pbkdf2_sha256$600000$salt$hash-two' }],
  ]);
  const auth = createAuth<User>({ secret, fallbackSecrets, loadUser: (id) => users.get(id) });
  const user = (id: string) => users.get(id) as User;
  return { engine, manager, users, auth, user };
}

describe('login', () => {
  it('cycles the key of an anonymous session (fixation) and keeps its data', async () => {
    const { engine, manager, auth, user } = setup();
    const k0 = (await visit(manager, undefined, (s) => s.set('cart', ['book']))) as string;
    const k1 = await visit(manager, k0, (s) => auth.login(s, user('1')));
    expect(k1).toBeDefined();
    expect(k1).not.toBe(k0);
    expect(await engine.load(k0)).toBeNull();
    const record = await engine.load(k1 as string);
    expect(record?.data).toMatchObject({ cart: ['book'], _auth_user_id: '1' });
    expect(record?.data._auth_user_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(record?.data._auth_user_backend).toBe('django.contrib.auth.backends.ModelBackend');
    // The attacker's old key is anonymous.
    await visit(manager, k0, async (s) => expect(await auth.getUser(s)).toBeNull());
    await visit(manager, k1, async (s) => expect(await auth.getUser(s)).toEqual(user('1')));
  });

  it('flushes a session that belonged to another user', async () => {
    const { engine, manager, auth, user } = setup();
    const ka = (await visit(manager, undefined, async (s) => {
      await auth.login(s, user('1'));
      await s.set('secret-of-a', 'x');
    })) as string;
    const kb = (await visit(manager, ka, (s) => auth.login(s, user('2')))) as string;
    expect(kb).not.toBe(ka);
    expect(await engine.load(ka)).toBeNull();
    const data = (await engine.load(kb))?.data;
    expect(data?.['secret-of-a']).toBeUndefined();
    expect(data?.[SESSION_KEY]).toBe('2');
  });

  it('keeps the session (and its key) when the same user logs in again', async () => {
    const { manager, auth, user } = setup();
    const k = (await visit(manager, undefined, async (s) => {
      await auth.login(s, user('1'));
      await s.set('theme', 'dark');
    })) as string;
    let theme: unknown;
    const again = await visit(manager, k, async (s) => {
      await auth.login(s, user('1'));
      theme = await s.get('theme');
    });
    expect(again).toBe(k);
    expect(theme).toBe('dark');
  });

  it('flushes when the same user logs in with a changed password hash', async () => {
    const { manager, auth, users } = setup();
    const k = (await visit(manager, undefined, async (s) => {
      await auth.login(s, users.get('1') as User);
      await s.set('theme', 'dark');
    })) as string;
    users.set('1', { id: 1, password: 'pbkdf2_sha256$600000$salt$changed' });
    let theme: unknown = 'unset';
    const next = await visit(manager, k, async (s) => {
      await auth.login(s, users.get('1') as User);
      theme = await s.get('theme');
    });
    expect(next).not.toBe(k);
    expect(theme).toBeUndefined();
  });

  it('rotates a CSRF secret already in the session', async () => {
    const { manager, auth, user } = setup();
    const k = await visit(manager, undefined, (s) => s.set('_csrftoken', 'A'.repeat(32)));
    let after: unknown;
    await visit(manager, k, async (s) => {
      await auth.login(s, user('1'));
      after = await s.get('_csrftoken');
    });
    expect(after).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(after).not.toBe('A'.repeat(32));
  });
});

describe('getUser and logout', () => {
  it('logout flushes: the record is gone and the cookie deleted', async () => {
    const { engine, manager, auth, user } = setup();
    const k = (await visit(manager, undefined, (s) => auth.login(s, user('1')))) as string;
    const after = await visit(manager, k, (s) => auth.logout(s));
    expect(after).toBeUndefined();
    expect(await engine.load(k)).toBeNull();
  });

  it('a password change logs out the other sessions, not the one that changed it', async () => {
    const { engine, manager, auth, users } = setup();
    const u = () => users.get('1') as User;
    const laptop = (await visit(manager, undefined, (s) => auth.login(s, u()))) as string;
    const phone = (await visit(manager, undefined, (s) => auth.login(s, u()))) as string;
    const changed = await visit(manager, laptop, async (s) => {
      users.set('1', { id: 1, password: 'pbkdf2_sha256$600000$salt$new' });
      await auth.updateSessionAuthHash(s, u());
    });
    expect(changed).not.toBe(laptop);
    expect(await engine.load(laptop)).toBeNull();
    await visit(manager, changed, async (s) => expect(await auth.getUser(s)).toEqual(u()));
    const phoneAfter = await visit(manager, phone, async (s) => expect(await auth.getUser(s)).toBeNull());
    expect(phoneAfter).toBeUndefined();
    expect(await engine.load(phone)).toBeNull();
  });

  it('a session hash made with a fallback secret verifies, then moves to the primary under a new key', async () => {
    const old = setup(OLD_SECRET);
    const k = (await visit(old.manager, undefined, (s) => old.auth.login(s, old.user('1')))) as string;
    const rotated = createAuth<User>({
      secret: SECRET,
      fallbackSecrets: [OLD_SECRET],
      loadUser: (id) => old.users.get(id),
    });
    let hash: unknown;
    const upgraded = await visit(old.manager, k, async (s) => {
      expect(await rotated.getUser(s)).toEqual(old.user('1'));
      hash = await s.get(HASH_SESSION_KEY);
    });
    expect(upgraded).not.toBe(k);
    expect(hash).toBe(rotated.sessionAuthHash(old.user('1')));
    // Without the fallback the old hash no longer verifies.
    const strict = createAuth<User>({ secret: SECRET, loadUser: (id) => old.users.get(id) });
    const k2 = (await visit(old.manager, undefined, (s) => old.auth.login(s, old.user('1')))) as string;
    await visit(old.manager, k2, async (s) => expect(await strict.getUser(s)).toBeNull());
  });

  it('is anonymous for an unknown backend or a deleted user, without flushing', async () => {
    const { manager, auth, users, user } = setup();
    const k = (await visit(manager, undefined, (s) =>
      auth.login(s, user('1'), { backend: 'other.Backend' }),
    )) as string;
    await visit(manager, k, async (s) => expect(await auth.getUser(s)).toBeNull());
    const k2 = (await visit(manager, undefined, (s) => auth.login(s, user('2')))) as string;
    users.delete('2');
    const still = await visit(manager, k2, async (s) => expect(await auth.getUser(s)).toBeNull());
    expect(still).toBe(k2);
  });

  it('flushes a session whose hash is missing', async () => {
    const { engine, manager, auth, user } = setup();
    const k = (await visit(manager, undefined, async (s) => {
      await auth.login(s, user('1'));
      await s.set(HASH_SESSION_KEY, '');
    })) as string;
    await visit(manager, k, async (s) => expect(await auth.getUser(s)).toBeNull());
    expect(await engine.load(k)).toBeNull();
  });

  it('rejects a short secret at start-up', () => {
    expect(() => createAuth<User>({ secret: 'short', loadUser: () => null })).toThrow(/too short/);
  });
});
