import {
  ConfigError,
  EngineUnavailableError,
  MemoryEngine,
  SessionManager,
  type SessionEngine,
} from '@sessionkit/core';
import { createAuth, EngineSessionIndex, MemorySessionIndex, type UserSessionIndex } from '@sessionkit/core/auth';
import { SECRET, visit } from './support';

interface User {
  id: string;
  password: string;
}

const alice: User = { id: 'alice', password: 'hash-a' };
const bob: User = { id: 'bob', password: 'hash-b' };

const kinds: [string, (engine: SessionEngine) => UserSessionIndex][] = [
  ['MemorySessionIndex', (engine) => new MemorySessionIndex(engine)],
  ['EngineSessionIndex', (engine) => new EngineSessionIndex({ engine, secret: SECRET })],
];

describe.each(kinds)('%s', (_name, makeIndex) => {
  function setup() {
    const engine = new MemoryEngine();
    const index = makeIndex(engine);
    const manager = new SessionManager({ engine });
    const auth = createAuth<User>({ secret: SECRET, index, loadUser: (id) => [alice, bob].find((u) => u.id === id) });
    return { engine, index, manager, auth };
  }

  it('logs a user out everywhere but the session that asked', async () => {
    const { engine, index, manager, auth } = setup();
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) keys.push((await visit(manager, undefined, (s) => auth.login(s, alice))) as string);
    const bobKey = (await visit(manager, undefined, (s) => auth.login(s, bob))) as string;
    expect((await index.list('alice')).sort()).toEqual([...keys].sort());
    await visit(manager, keys[0], async (s) => expect(await auth.logoutEverywhere(alice, { keep: s })).toBe(2));
    expect(await engine.exists(keys[0] as string)).toBe(true);
    expect(await engine.exists(keys[1] as string)).toBe(false);
    expect(await engine.exists(keys[2] as string)).toBe(false);
    expect(await engine.exists(bobKey)).toBe(true);
    expect(await index.list('alice')).toEqual([keys[0]]);
  });

  it('follows key changes: fixation cycle, logout, updateSessionAuthHash', async () => {
    const { engine, index, manager, auth } = setup();
    const anon = (await visit(manager, undefined, (s) => s.set('cart', 1))) as string;
    const k1 = (await visit(manager, anon, (s) => auth.login(s, alice))) as string;
    const k2 = (await visit(manager, undefined, (s) => auth.login(s, alice))) as string;
    expect((await index.list('alice')).sort()).toEqual([k1, k2].sort());
    const k1b = (await visit(manager, k1, (s) => auth.updateSessionAuthHash(s, alice))) as string;
    // The password-changing session survives under a new key; the other one is deleted now.
    expect(await index.list('alice')).toEqual([k1b]);
    expect(await engine.exists(k2)).toBe(false);
    await visit(manager, k1b, (s) => auth.logout(s));
    expect(await index.list('alice')).toEqual([]);
  });

  it('indexes the new key when a login flushes another user’s session', async () => {
    const { index, manager, auth } = setup();
    const kb = (await visit(manager, undefined, (s) => auth.login(s, bob))) as string;
    const ka = (await visit(manager, kb, (s) => auth.login(s, alice))) as string;
    expect(ka).not.toBe(kb);
    expect(await index.list('alice')).toEqual([ka]);
    expect(await index.list('bob')).toEqual([]);
  });

  it('moves the index entry of the session that changed another user’s password (an admin)', async () => {
    const { engine, index, manager, auth } = setup();
    const admin = (await visit(manager, undefined, (s) => auth.login(s, alice))) as string;
    const moved = (await visit(manager, admin, (s) => auth.updateSessionAuthHash(s, bob))) as string;
    expect(moved).not.toBe(admin);
    expect(await index.list('alice')).toEqual([moved]);
    expect(await auth.logoutEverywhere(alice)).toBe(1);
    expect(await engine.exists(moved)).toBe(false);
  });

  it('keeps a session in the index while its logout fails to delete it', async () => {
    const { engine, index, manager, auth } = setup();
    const key = (await visit(manager, undefined, (s) => auth.login(s, alice))) as string;
    // Fault injected: the store's delete is down for the logout only.
    const remove = engine.delete.bind(engine);
    engine.delete = async () => {
      throw new EngineUnavailableError('store down');
    };
    await expect(visit(manager, key, (s) => auth.logout(s))).rejects.toThrow(EngineUnavailableError);
    engine.delete = remove;
    expect(await index.list('alice')).toEqual([key]);
    expect(await auth.logoutEverywhere(alice)).toBe(1);
    expect(await engine.exists(key)).toBe(false);
  });

  it('keeps every key when logins race', async () => {
    const { index, manager, auth } = setup();
    const keys = await Promise.all(
      Array.from({ length: 8 }, () => visit(manager, undefined, (s) => auth.login(s, alice))),
    );
    expect((await index.list('alice')).sort()).toEqual([...keys].sort());
  });
});

describe('EngineSessionIndex at rest', () => {
  it('stores neither the user id nor the session keys in the clear', async () => {
    const engine = new MemoryEngine({ hashKeys: false });
    const index = new EngineSessionIndex({ engine, secret: SECRET });
    const sessionKey = 'k'.repeat(32);
    await index.add('alice@example.com', sessionKey);
    const rows = [...(engine as unknown as { records: Map<string, { json: string }> }).records];
    expect(rows).toHaveLength(1);
    const [recordKey, entry] = rows[0] as [string, { json: string }];
    expect(recordKey).toMatch(/^[0-9a-f]{40}$/);
    expect(entry.json).not.toContain(sessionKey);
    expect(entry.json).not.toContain('alice');
  });

  it('reads records written under a fallback secret and moves them to the primary', async () => {
    const engine = new MemoryEngine();
    const OLD = 'o'.repeat(40);
    await new EngineSessionIndex({ engine, secret: OLD }).add('alice', 'a'.repeat(32));
    const rotated = new EngineSessionIndex({ engine, secret: SECRET, fallbackSecrets: [OLD] });
    expect(await rotated.list('alice')).toEqual(['a'.repeat(32)]);
    await rotated.add('alice', 'b'.repeat(32));
    expect(await new EngineSessionIndex({ engine, secret: SECRET }).list('alice')).toEqual([
      'a'.repeat(32),
      'b'.repeat(32),
    ]);
    expect(await new EngineSessionIndex({ engine, secret: OLD }).list('alice')).toEqual([]);
  });

  it('prunes keys whose sessions are gone', async () => {
    const engine = new MemoryEngine();
    const index = new EngineSessionIndex({ engine, secret: SECRET, pruneAbove: 2 });
    for (const c of 'abc') await index.add('alice', c.repeat(32));
    expect(await index.list('alice')).toEqual(['c'.repeat(32)]);
  });

  it('does not prune on an engine without exists (its exists is false for every key)', async () => {
    const engine = new MemoryEngine();
    // The same store, declaring no `exists` (which the contract then answers false for every key).
    const blind = new Proxy(engine, {
      get(target, property) {
        if (property === 'capabilities') return { ...target.capabilities, exists: false };
        if (property === 'exists') return async () => false;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const index = new EngineSessionIndex({ engine: blind, secret: SECRET, pruneAbove: 2 });
    for (const c of 'abcd') await index.add('alice', c.repeat(32));
    expect(await index.list('alice')).toHaveLength(4);
  });

  it('refuses a cookie engine', () => {
    const engine = new MemoryEngine();
    const cookieLike = {
      ...engine,
      name: 'signed-cookie',
      capabilities: { ...engine.capabilities, storage: 'cookie' as const, revocable: false },
    };
    expect(() => new MemorySessionIndex(cookieLike as SessionEngine)).toThrow(ConfigError);
    expect(() => new EngineSessionIndex({ engine: cookieLike as SessionEngine, secret: SECRET })).toThrow(ConfigError);
  });

  it('logoutEverywhere without an index is a configuration error', async () => {
    const auth = createAuth<User>({ secret: SECRET, loadUser: () => null });
    await expect(auth.logoutEverywhere('alice')).rejects.toThrow(ConfigError);
  });
});

describe('user ids', () => {
  interface NumberedUser {
    id: number;
    password: string;
  }
  const carol: NumberedUser = { id: 42, password: 'hash-c' };

  function setup() {
    const engine = new MemoryEngine();
    const index = new MemorySessionIndex(engine);
    const manager = new SessionManager({ engine });
    const auth = createAuth<NumberedUser>({ secret: SECRET, index, loadUser: (id) => (id === '42' ? carol : null) });
    return { engine, index, manager, auth };
  }

  it('a number id is the same user as its text, as Django stores str(pk)', async () => {
    const { engine, index, manager, auth } = setup();
    const first = (await visit(manager, undefined, (s) => auth.login(s, carol))) as string;
    const second = (await visit(manager, undefined, (s) => auth.login(s, carol))) as string;
    expect((await index.list('42')).sort()).toEqual([first, second].sort());
    // A JavaScript caller holding the number (the typed API allows it too).
    expect(await auth.logoutEverywhere(42)).toBe(2);
    expect(await engine.exists(first)).toBe(false);
    expect(await engine.exists(second)).toBe(false);
    const third = (await visit(manager, undefined, (s) => auth.login(s, carol))) as string;
    expect(await auth.logoutEverywhere('42')).toBe(1);
    expect(await engine.exists(third)).toBe(false);
  });

  it('a user without an id is a ConfigError, not a user filed under "undefined"', async () => {
    const { index, manager, auth } = setup();
    const nameless = { password: 'hash-x' } as unknown as NumberedUser;
    await expect(visit(manager, undefined, (s) => auth.login(s, nameless))).rejects.toThrow(ConfigError);
    await expect(auth.logoutEverywhere(nameless)).rejects.toThrow(ConfigError);
    await expect(auth.logoutEverywhere(Number.NaN)).rejects.toThrow(ConfigError);
    await expect(auth.logoutEverywhere('')).rejects.toThrow(ConfigError);
    expect(await index.list('undefined')).toEqual([]);
  });
});
