// A Memcached app that never installed ioredis, type-checked with skipLibCheck: false (the
// compiler's default), which also checks the declarations it installed. The Memcached options and
// `client` stay typed: only the Redis options, whose types come from ioredis, have none here.
import { createCacheEngine, type CacheEngine } from '@sessionkit/cache';

const secret = 'consumer-secret-0123456789abcdefghijklmnopqrstuvwxyz';
export const engines: CacheEngine[] = [
  createCacheEngine({ memcached: { servers: ['a:11211', 'b:11211'], options: { poolSize: 8 } }, secret }),
  createCacheEngine({ memjs: { servers: 'a:11211', options: { timeout: 0.5 } }, secret }),
];
// @ts-expect-error a misspelt `memcached` client option
createCacheEngine({ memcached: { servers: 'a:11211', options: { poolSise: 8 } }, secret });
// @ts-expect-error a number is no client
createCacheEngine({ client: 42, secret });
