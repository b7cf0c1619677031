import type { FullLogger } from '@sessionkit/core/engine';
import type { Cluster, ClusterNode, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import { loadPeer } from '../peer.js';
import { guardCommands } from './command-deadlines.js';
import type { IoredisClient } from './store.js';

/** Cluster seed nodes and options, for a Cluster the engine creates. */
export interface RedisClusterConnection {
  nodes: ClusterNode[];
  options?: ClusterOptions;
}

/**
 * What the engine sets on a client it creates, tuned for sessions: fail within the deadline
 * rather than wait. Every one can be overridden through the connection options.
 * - `commandTimeout`: a command unanswered after the deadline rejects (a frozen server).
 * - `maxRetriesPerRequest: 1`: a node's queued commands are rejected after one failed reconnect,
 *   so its offline queue holds at most about one retry interval of traffic. (Not the Cluster
 *   client's own queues: the engine bounds what those hold past the deadline, overdue.ts.)
 * - `retryStrategy`: reconnect after 50 ms, doubling to at most 2 s, with jitter; never gives up.
 * - `reconnectOnError`: a READONLY reply (a Sentinel failover demoted our master) reconnects
 *   and resends, so writes go to the new master.
 * - `enableAutoPipelining`: concurrent requests share round trips. Set on Cluster clients; a
 *   single-node client the engine creates gathers each tick's writes itself instead (see
 *   coalesce.ts), which costs a lone command nothing.
 * A single-node client the engine creates gets the same deadline from one timer swept for all
 * its commands (command-deadlines.ts) instead of `commandTimeout`'s timer per command, unless
 * the connection options set `commandTimeout` themselves; either way it never resends a command
 * its deadline already failed.
 */
export function sessionRedisDefaults(timeoutMs: number): RedisOptions {
  return {
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    enableAutoPipelining: true,
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000) + Math.floor(Math.random() * 50),
    reconnectOnError: (error: Error) => (error.message.startsWith('READONLY') ? 2 : false),
  };
}

/** Loads ioredis (an optional peer) when the engine must create the client itself. */
function ioredis(): Promise<{ Redis: typeof Redis; Cluster: typeof Cluster }> {
  return loadPeer('ioredis');
}

/** A single-node (or Sentinel, through `sentinels` and `name`) client with the session defaults. */
export async function createRedisClient(
  connection: string | RedisOptions,
  timeoutMs: number,
  logger: FullLogger,
): Promise<IoredisClient> {
  const { Redis } = await ioredis();
  const { commandTimeout, ...defaults } = { ...sessionRedisDefaults(timeoutMs), enableAutoPipelining: false };
  const client =
    typeof connection === 'string' ? new Redis(connection, defaults) : new Redis({ ...defaults, ...connection });
  guardCommands(client, client.options.commandTimeout === undefined ? commandTimeout : undefined);
  return watched(client, logger);
}

/**
 * A Cluster client with the session defaults on every node connection. A node's
 * `commandTimeout` misses commands the Cluster client holds before they reach a node, so the
 * engine bounds each call on a Cluster itself (RedisStore.enforcesDeadline).
 */
export async function createClusterClient(
  connection: RedisClusterConnection,
  timeoutMs: number,
  logger: FullLogger,
): Promise<IoredisClient> {
  const { Cluster } = await ioredis();
  const { enableOfflineQueue, enableAutoPipelining, ...nodeDefaults } = sessionRedisDefaults(timeoutMs);
  const options = connection.options ?? {};
  const client = new Cluster(connection.nodes, {
    enableOfflineQueue,
    enableAutoPipelining,
    ...options,
    redisOptions: { ...nodeDefaults, ...options.redisOptions },
  });
  return watched(client, logger);
}

/** Error events go to the logger: an 'error' with no listener would be printed by ioredis. */
function watched(client: IoredisClient, logger: FullLogger): IoredisClient {
  client.on('error', (error: Error) => {
    logger.warn('sessionkit cache: redis connection error', { error: error.message });
  });
  return client;
}

/** QUIT within the deadline, else drop the connection. */
export async function closeRedisClient(client: IoredisClient, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  try {
    const quit = client.quit().then(
      () => 'quit' as const,
      () => 'failed' as const,
    );
    if ((await Promise.race([quit, timedOut])) !== 'quit') client.disconnect();
  } finally {
    clearTimeout(timer);
  }
}
