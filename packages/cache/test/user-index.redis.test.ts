import { EngineSessionIndex } from '@sessionkit/core/auth';
import { generateSessionKey } from '@sessionkit/core/engine';
import { describeWithService } from '@sessionkit/test-services';
import { uniquePrefix } from './support/names';
import { engineClient, keysUnder, redisEngine } from './support/redis';

const AUTH_SECRET = 'auth-secret-for-the-index-0123456789-abcdefghijklm';

// "Log out everywhere" (core/auth's per-user index) kept in the same Redis through the engine.
describeWithService('redis', 'cache engine: the per-user session index of core/auth', (url) => {
  it('lists a user’s sessions and deletes them all; index records are encrypted and expire', async () => {
    const engine = redisEngine(url, uniquePrefix('index'));
    const index = new EngineSessionIndex({ engine, secret: AUTH_SECRET, ttlSeconds: 3600 });
    const keys = [generateSessionKey(), generateSessionKey(), generateSessionKey()];
    for (const key of keys) {
      await engine.create(key, { data: { user: 'alice' }, expiresAt: new Date(Date.now() + 60_000) });
      await index.add('alice', key);
    }
    expect((await index.list('alice')).sort()).toEqual([...keys].sort());
    const client = await engineClient(engine);
    const stored = await keysUnder(client, engine.prefix);
    // 3 sessions + 1 index record; no plain session key anywhere in names or values.
    expect(stored).toHaveLength(4);
    for (const name of stored) {
      const value = (await client.get(name)) ?? '';
      for (const key of keys) expect(name.includes(key) || value.includes(key)).toBe(false);
      expect(await client.pttl(name)).toBeGreaterThan(0);
    }
    for (const key of await index.list('alice')) await index.engine.delete(key);
    for (const key of keys) expect(await engine.load(key)).toBeNull();
    await engine.close();
  });
});
