import { createRequire } from 'node:module';
import { generateSessionKey } from '@sessionkit/core/engine';
import { sessionMemcachedDefaults } from '../src/memcached/connect';
import type { MemcachedStore } from '../src/memcached/store';
import type { MemcachedClientDriver } from '../src/memcached/memcached-driver';
import { backoffDelays, lazyBackoff, type SocketPool } from '../src/memcached/pool-backoff';
import { describeWithBinaries } from '@sessionkit/test-services';
import { memcachedEngine, memcachedServer } from './support/memcached';
import { uniquePrefix } from './support/names';

/** The `retry` module the client's pool (jackpot) builds its back-off with, per pull. */
const fromJackpot = createRequire(createRequire(require.resolve('memcached')).resolve('jackpot'));
const retry = fromJackpot('retry') as { timeouts(options: object): number[] };

type Allocated = (error: unknown, connection?: unknown) => void;

/** A pool whose allocate fails `failures` times, then hands out a connection. */
type FakePool = SocketPool & { allocations: number[] };

function fakePool(failures: number, settings: Partial<SocketPool> = {}): FakePool {
  const pool: FakePool = {
    retries: 3,
    factor: 2,
    minTimeout: 10,
    maxTimeout: 100,
    randomize: false,
    allocations: [] as number[],
    allocate(done: Allocated): FakePool {
      pool.allocations.push(Date.now());
      if (pool.allocations.length <= failures) done(new Error(`failure ${pool.allocations.length}`));
      else done(undefined, 'connection');
      return pool;
    },
    pull(): unknown {
      throw new Error('the original pull');
    },
    ...settings,
  };
  return pool;
}

function pull(pool: SocketPool): Promise<{ error: unknown; connection: unknown; at: number }> {
  return new Promise((resolve) => {
    pool.pull((error, connection) => resolve({ error, connection, at: Date.now() }));
  });
}

describe('the pool back-off built once per pool (lazyBackoff)', () => {
  it('has the delays the retry module builds per pull', () => {
    const { retries, factor, minTimeout, maxTimeout } = sessionMemcachedDefaults(1000, 1 << 20) as Required<
      Pick<SocketPool, 'retries' | 'factor' | 'minTimeout' | 'maxTimeout'>
    >;
    for (const settings of [
      { retries, factor, minTimeout, maxTimeout },
      { retries: 5, factor: 3, minTimeout: 1000, maxTimeout: 60_000 },
      { retries: 0, factor: 2, minTimeout: 10, maxTimeout: 100 },
      { retries: 4, factor: 0.5, minTimeout: 7, maxTimeout: 9 },
    ]) {
      expect(backoffDelays({ ...fakePool(0), ...settings })).toEqual(retry.timeouts({ ...settings, randomize: false }));
    }
  });

  it('takes a connection at the first try without waiting', async () => {
    const pool = fakePool(0);
    lazyBackoff(pool);
    const { error, connection } = await pull(pool);
    expect([error, connection, pool.allocations.length]).toEqual([undefined, 'connection', 1]);
  });

  it('retries after failures with the delays, then hands on the connection', async () => {
    const pool = fakePool(2);
    lazyBackoff(pool);
    const started = Date.now();
    const { error, connection, at } = await pull(pool);
    expect([error, connection, pool.allocations.length]).toEqual([undefined, 'connection', 3]);
    // 10 ms, then 20 ms (timers fire no earlier than asked, give or take a millisecond).
    expect(at - started).toBeGreaterThanOrEqual(28);
  });

  it('hands on the last error once the retries are spent', async () => {
    const pool = fakePool(10);
    lazyBackoff(pool);
    const { error, connection } = await pull(pool);
    expect((error as Error).message).toBe('failure 4');
    expect(connection).toBeUndefined();
    expect(pool.allocations.length).toBe(4);
  });

  it('leaves randomized back-offs, and settings retry refuses, to the pool', () => {
    for (const settings of [{ randomize: true }, { minTimeout: 200, maxTimeout: 100 }]) {
      const pool = fakePool(0, settings);
      lazyBackoff(pool);
      expect(() => pool.pull(() => {})).toThrow('the original pull');
    }
  });
});

describeWithBinaries(
  ['memcached'],
  'memcached (apt-get install memcached)',
  'the engine-created `memcached` client',
  () => {
    const server = memcachedServer();
    it('gives its server pool the back-off built once', async () => {
      const servers = [`127.0.0.1:${server.current().port}`];
      const engine = memcachedEngine('memcached', servers, uniquePrefix('backoff'));
      try {
        await engine.exists(generateSessionKey());
        const store = (await engine.store()) as MemcachedStore;
        const { client } = store.driver as MemcachedClientDriver;
        const pools = (client as unknown as { connections: Record<string, SocketPool> }).connections;
        expect(Object.values(pools).map((pool) => pool.pull.name)).toEqual(['pullWithLazyBackoff']);
      } finally {
        await engine.close();
      }
    });
  },
);
