import type Memcached from 'memcached';

type Allocated = (error: unknown, connection?: unknown) => void;

/** The `memcached` client's pool of sockets per server (jackpot's Manager), as far as used here. */
export interface SocketPool {
  retries: number;
  factor: number;
  minTimeout: number;
  maxTimeout: number;
  randomize: boolean;
  allocate(done: Allocated): unknown;
  pull(done: Allocated): unknown;
}

interface ClientInternals {
  connections: Record<string, SocketPool | undefined>;
  connect(server: string, callback: Allocated): unknown;
}

const lazy = new WeakSet<SocketPool>();

/**
 * The back-off delays of the `retry` module (0.6) for the pool's settings: attempt i waits
 * minTimeout × factor^i, capped at maxTimeout, in ascending order.
 */
export function backoffDelays(pool: SocketPool): number[] {
  const delays: number[] = [];
  for (let i = 0; i < pool.retries; i++) {
    delays.push(Math.min(Math.round(pool.minTimeout * pool.factor ** i), pool.maxTimeout));
  }
  return delays.sort((a, b) => a - b);
}

/**
 * The pool's `pull` with its back-off built once instead of per command: jackpot builds a
 * `retry` operation on every pull (an options object, the delays array, sorted, an errors
 * array, two closures), though a pull in a healthy pool succeeds at the first try. Here a pull
 * tries at once and waits out the same delays only after failures, as the `retry` operation
 * does: after the last delay the last error is handed on. Left as it is with `randomize` (the
 * delays differ per pull) or settings `retry` refuses (minTimeout above maxTimeout).
 */
export function lazyBackoff(pool: SocketPool): void {
  if (lazy.has(pool) || pool.randomize || !(pool.minTimeout <= pool.maxTimeout)) return;
  lazy.add(pool);
  const delays = backoffDelays(pool);
  // The callbacks are passed inline, never held in a named const: the bench and tests run the
  // source through tsx (esbuild keepNames), where a named closure costs an Object.defineProperty
  // of its `name` (~4k instructions) each time it is created.
  pool.pull = function pullWithLazyBackoff(this: SocketPool, done: Allocated) {
    this.allocate((error, connection) => {
      if (error && delays.length > 0) retryLater(this, delays, 0, done);
      else done(error, connection);
    });
    return this;
  };
}

/** Attempt `attempt + 1` of a pull, after its delay; the last error is handed on once the delays are spent. */
function retryLater(pool: SocketPool, delays: number[], attempt: number, done: Allocated): void {
  setTimeout(() => {
    pool.allocate((error, connection) => {
      if (error && attempt + 1 < delays.length) retryLater(pool, delays, attempt + 1, done);
      else done(error, connection);
    });
  }, delays[attempt]);
}

/**
 * Gives every pool of the client `lazyBackoff`: the client creates a server's pool on the
 * first command to it, inside `connect`, so each pool is fixed right after it appears.
 */
export function lazyPoolBackoff(client: Memcached): void {
  const internals = client as unknown as ClientInternals;
  const connect = internals.connect;
  internals.connect = function connectWithLazyBackoff(this: ClientInternals, server, callback) {
    if (server in this.connections) return connect.call(this, server, callback);
    const result = connect.call(this, server, callback);
    for (const name in this.connections) {
      const pool = this.connections[name];
      if (pool !== undefined) lazyBackoff(pool);
    }
    return result;
  };
}
