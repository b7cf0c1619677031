import { ConfigError } from '@sessionkit/core/engine';
import { createCacheEngine, memcachedExptime } from '@sessionkit/cache';
import { TEST_SECRET } from './support/names';

describe('cache engine options', () => {
  it('needs exactly one way to reach the store', () => {
    expect(() => createCacheEngine({ secret: TEST_SECRET })).toThrow(ConfigError);
    expect(() => createCacheEngine({ redis: 'redis://x', memjs: { servers: 'x:1' }, secret: TEST_SECRET })).toThrow(
      ConfigError,
    );
  });

  it('refuses a client it does not recognise, and a missing secret', () => {
    expect(() => createCacheEngine({ client: {} as never, secret: TEST_SECRET })).toThrow(ConfigError);
    expect(() => createCacheEngine({ redis: 'redis://127.0.0.1:1' })).toThrow(ConfigError);
  });

  it('checks the shared options (operationTimeoutMs, maxDataBytes, itemSizeBytes)', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => createCacheEngine({ redis: 'redis://x', secret: TEST_SECRET, operationTimeoutMs: bad })).toThrow(
        ConfigError,
      );
      expect(() => createCacheEngine({ redis: 'redis://x', secret: TEST_SECRET, maxDataBytes: bad })).toThrow(
        ConfigError,
      );
      expect(() => createCacheEngine({ memjs: { servers: 'x:1' }, secret: TEST_SECRET, itemSizeBytes: bad })).toThrow(
        ConfigError,
      );
    }
  });

  it('declares what each store can do', () => {
    const redis = createCacheEngine({ redis: 'redis://x', secret: TEST_SECRET });
    expect(redis.name).toBe('cache:redis');
    expect(redis.capabilities).toMatchObject({
      clearExpired: 'unnecessary',
      usesInjectedClock: false,
      ttlResolutionMs: 1,
      optimisticConcurrency: true,
      maxDataBytes: 1024 * 1024,
    });
    const memcached = createCacheEngine({ memcached: { servers: 'x:1' }, secret: TEST_SECRET });
    expect(memcached.capabilities).toMatchObject({ ttlResolutionMs: 1000, optimisticConcurrency: true });
    expect(memcached.capabilities.maxDataBytes).toBeLessThan(1024 * 1024);
    const memjs = createCacheEngine({ memjs: { servers: 'x:1' }, secret: TEST_SECRET });
    expect(memjs.capabilities.optimisticConcurrency).toBe(false);
  });

  it('memcached exptime: whole seconds rounded up, absolute Unix time past 30 days', () => {
    const now = 1_700_000_000_000;
    expect(memcachedExptime(now + 1, now)).toBe(1);
    expect(memcachedExptime(now + 1500, now)).toBe(2);
    expect(memcachedExptime(now - 5000, now)).toBe(1);
    expect(memcachedExptime(now + 2_592_000_000, now)).toBe(2_592_000);
    expect(memcachedExptime(now + 2_592_001_000, now)).toBe(Math.ceil((now + 2_592_001_000) / 1000));
  });
});
