// An app with a cache engine, type-checked strictly against the published .d.mts files. The
// clients are typed by what the engine uses: each driver's own client is accepted, anything else
// is refused (a `client` typed `any` would let all of these through).
import { createCacheEngine, sessionMemcachedDefaults, type CacheEngine } from '@sessionkit/cache';
import { createCachedDbEngine } from '@sessionkit/cached-db';
import { createDbEngine } from '@sessionkit/db';
import { Cluster, Redis } from 'ioredis';
import Memcached from 'memcached';
// @ts-expect-error memjs ships no types, and this app has no @types/memjs: `client` must stay typed without them
import memjs from 'memjs';

const secret = 'consumer-secret-0123456789abcdefghijklmnopqrstuvwxyz';
export const engines: CacheEngine[] = [
  createCacheEngine({ client: new Redis({ lazyConnect: true }), secret }),
  createCacheEngine({ client: new Cluster([{ host: '127.0.0.1', port: 7000 }], { lazyConnect: true }), secret }),
  createCacheEngine({ client: new Memcached('127.0.0.1:11211', sessionMemcachedDefaults(1000, 1 << 20)), secret }),
  createCacheEngine({ client: memjs.Client.create('127.0.0.1:11211'), secret }),
  createCacheEngine({ redis: { host: '127.0.0.1', port: 6379, commandTimeout: 500 }, secret }),
  createCacheEngine({ memcached: { servers: ['a:11211', 'b:11211'], options: { poolSize: 8 } }, secret }),
  createCacheEngine({ memjs: { servers: 'a:11211,b:11211', options: { timeout: 0.5 } }, secret }),
];
// @ts-expect-error a number is no client
createCacheEngine({ client: 42, secret });
// @ts-expect-error an object without the drivers' methods is no client
createCacheEngine({ client: { get() {} }, secret });
// @ts-expect-error a misspelt ioredis option
createCacheEngine({ redis: { hots: '127.0.0.1' }, secret });
// @ts-expect-error a misspelt `memcached` client option
createCacheEngine({ memcached: { servers: 'a:11211', options: { poolSise: 8 } }, secret });
// @ts-expect-error memjs takes seconds as numbers
createCacheEngine({ memjs: { servers: 'a:11211', options: { timeout: '1s' } }, secret });

export const cachedDb = createCachedDbEngine({
  db: createDbEngine({ filename: ':memory:', secret }),
  cache: createCacheEngine({ redis: 'redis://127.0.0.1:6379', secret }),
});
