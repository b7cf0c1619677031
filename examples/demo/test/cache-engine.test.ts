import { generateSessionKey } from '@sessionkit/core/engine';
import { describeWithService } from '@sessionkit/test-services';
import { openEngine } from '../src/engines';

describeWithService('redis', 'demo: SESSION_ENGINE=cache with REDIS_URL', (url) => {
  it('opens the cache engine on Redis and keeps a session', async () => {
    const opened = await openEngine({
      choice: 'cache',
      secret: 'demo-secret-'.repeat(5),
      sqliteFile: ':memory:',
      redisUrl: url,
    });
    try {
      expect(opened.label).toMatch(/^cache \(Redis /);
      const key = generateSessionKey();
      await opened.engine.create(key, { data: { a: 1 }, expiresAt: new Date(Date.now() + 60_000) });
      expect((await opened.engine.load(key))?.data).toEqual({ a: 1 });
      await opened.engine.delete(key);
    } finally {
      await opened.close();
    }
  });

  it('says what it needs without REDIS_URL or MEMCACHED_SERVERS', async () => {
    await expect(
      openEngine({ choice: 'cache', secret: 'demo-secret-'.repeat(5), sqliteFile: ':memory:' }),
    ).rejects.toThrow(/REDIS_URL or MEMCACHED_SERVERS/);
  });
});
