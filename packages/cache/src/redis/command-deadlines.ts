import type { Redis } from 'ioredis';
import { DeadlineQueue } from '../deadlines.js';

type Command = Parameters<Redis['sendCommand']>[0];

/** The timeout swept on each client given to `sweepCommandTimeouts`. */
const swept = new WeakMap<object, number>();

/**
 * The timeout every command of a single-node `client` runs under, swept here or `commandTimeout`;
 * else undefined. (On a Cluster, a node's `commandTimeout` misses commands not yet sent to a node.)
 */
export function commandDeadlineMs(client: object): number | undefined {
  return swept.get(client) ?? (client as { options?: { commandTimeout?: number } }).options?.commandTimeout;
}

/**
 * ioredis's `commandTimeout` with one timer for the whole client: every command sent, offline
 * queued ones included, is rejected with ioredis's own "Command timed out" once overdue, as
 * `commandTimeout` would. ioredis arms a setTimeout per command and deletes a property of the
 * command to clear it, the largest cost above the raw client in instruction counts. A command
 * resent after a reconnect keeps its first deadline, as with `commandTimeout`.
 */
export function sweepCommandTimeouts(client: Redis, timeoutMs: number): void {
  const deadlines = new DeadlineQueue<Command>(
    timeoutMs,
    (command) => command.isSettled,
    (command) => command.reject(new Error('Command timed out')),
  );
  swept.set(client, timeoutMs);
  const send = client.sendCommand;
  client.sendCommand = function sendUnderDeadline(this: Redis, command, stream) {
    deadlines.add(command);
    return send.call(this, command, stream);
  };
}
