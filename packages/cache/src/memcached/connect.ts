import type { FullLogger } from '@sessionkit/core/engine';
import type Memcached from 'memcached';
import type { MemcachedClientOptions, MemcachedServers, MemjsClientOptions } from '../client-types.js';
import { loadPeer } from '../peer.js';
import { lazyPoolBackoff } from './pool-backoff.js';
import { guardMemcachedReconnect } from './reconnect-guard.js';

/** How long a failed Memcached server is refused before the next try. */
const MEMCACHED_RETRY_MS = 1000;

/** Servers and client options for a `memcached` client the engine creates. */
export interface MemcachedConnection {
  /** "host:port", a list of them, or a weighted map, as the `memcached` client takes. */
  servers: MemcachedServers;
  options?: MemcachedClientOptions;
}

/** Servers and client options for a memjs client the engine creates. */
export interface MemjsConnection {
  /** "host:port" or a comma-separated list (MEMCACHIER_SERVERS style), or an array of them. */
  servers: string | string[];
  options?: MemjsClientOptions;
}

/**
 * The `memcached` client's defaults hang or stall for sessions: `retries: 5` waits out an
 * exponential back-off (~100 s) for a pool connection, `retry: 30000` keeps a failed server
 * out for 30 s, and after `failures: 5` it stops retrying and waits `reconnect` (5 hours),
 * probing with a spawned `ping` whose absence kills the process (an unhandled 'error' on the
 * child). The engine sets, and recommends to those who bring their own client:
 * - `timeout`: the engine's deadline; `poolSize: 64` connections per server (10 by default,
 *   and a full pool fails the command), `retries: 3` with a 10-100 ms back-off for a connection
 *   (built once per pool, not per command, on the clients the engine creates: `lazyPoolBackoff`).
 * - `retry: 1000`: a failed server is tried again a second later.
 * - `failures` unbounded (and `failuresTimeout` short); the client's failure handling itself is
 *   replaced (`guardMemcachedReconnect`), as it reaches the ping path under any load anyway.
 * - `keyCompression: false`, `maxKeySize: 250`: never MD5 a key (the engine checks lengths).
 * - `namespace: ''`: the engine's `prefix` is the namespace.
 */
export function sessionMemcachedDefaults(timeoutMs: number, maxValue: number): MemcachedClientOptions {
  return {
    timeout: timeoutMs,
    poolSize: 64,
    retries: 3,
    factor: 2,
    minTimeout: 10,
    maxTimeout: 100,
    retry: MEMCACHED_RETRY_MS,
    failures: Number.MAX_SAFE_INTEGER,
    failuresTimeout: 1000,
    reconnect: 1000,
    remove: false,
    idle: 60_000,
    keyCompression: false,
    maxKeySize: 250,
    maxValue,
    namespace: '',
  };
}

export async function createMemcachedClient(
  connection: MemcachedConnection,
  timeoutMs: number,
  maxValue: number,
  logger: FullLogger,
): Promise<Memcached> {
  const Client = await loadPeer<typeof Memcached>('memcached');
  // The client takes these options (its README's list) and more than its types declare.
  const options = { ...sessionMemcachedDefaults(timeoutMs, maxValue), ...connection.options } as Memcached.options;
  const client = new Client(connection.servers, options);
  guardMemcachedReconnect(client, MEMCACHED_RETRY_MS, (server) => {
    logger.warn('sessionkit cache: memcached server failed; retrying in a second', { server });
  });
  lazyPoolBackoff(client);
  return client;
}

/**
 * memjs's defaults are milder (0.5 s timeout, 2 retries) but it prints failures with
 * console.log; the engine routes them to the logger, and bounds the timeouts by the deadline.
 */
export async function createMemjsClient(
  connection: MemjsConnection,
  timeoutMs: number,
  logger: FullLogger,
): Promise<import('memjs').Client> {
  const memjs = await loadPeer<typeof import('memjs')>('memjs');
  const servers = Array.isArray(connection.servers) ? connection.servers.join(',') : connection.servers;
  const seconds = Math.min(timeoutMs, 1000) / 1000;
  return memjs.Client.create(servers, {
    timeout: seconds,
    conntimeout: seconds,
    retries: 1,
    retry_delay: 0.05,
    keepAlive: true,
    logger: {
      log: (...args: unknown[]) => logger.warn('sessionkit cache: memjs', { detail: args.map(String).join(' ') }),
    },
    ...connection.options,
  });
}
