import type { Redis } from 'ioredis';
import { DeadlineQueue } from '../deadlines.js';

type Command = Parameters<Redis['sendCommand']>[0];

/** The timeout swept on each client given to `guardCommands` with one. */
const swept = new WeakMap<object, number>();

/**
 * The timeout every command of a single-node `client` runs under, swept here or `commandTimeout`;
 * else undefined. (On a Cluster, a node's `commandTimeout` misses commands not yet sent to a node.)
 */
export function commandDeadlineMs(client: object): number | undefined {
  return swept.get(client) ?? (client as { options?: { commandTimeout?: number } }).options?.commandTimeout;
}

/**
 * Guards every command a single-node client the engine created sends.
 *
 * With `sweepMs`: ioredis's `commandTimeout` with one timer for the whole client. Every command
 * sent, offline queued ones included, is rejected with ioredis's own "Command timed out" once
 * overdue, as `commandTimeout` would. ioredis arms a setTimeout per command and deletes a
 * property of the command to clear it, the largest cost above the raw client in instruction
 * counts. A command resent after a reconnect keeps its first deadline, as with `commandTimeout`.
 *
 * Always: after a reconnect ioredis sends its offline queue and resends what the dropped
 * connection left unanswered, settled or not. A write whose caller was told it had failed would
 * then run late, over anything written since, and hold up the commands queued behind it. A
 * command already settled (failed by its deadline) is not sent again.
 */
export function guardCommands(client: Redis, sweepMs: number | undefined): void {
  let deadlines: DeadlineQueue<Command> | undefined;
  if (sweepMs !== undefined) {
    deadlines = new DeadlineQueue<Command>(
      sweepMs,
      (command) => command.isSettled,
      (command) => command.reject(new Error('Command timed out')),
    );
    swept.set(client, sweepMs);
  }
  const send = client.sendCommand;
  client.sendCommand = function sendGuarded(this: Redis, command, stream) {
    if (command.isSettled) return command.promise;
    deadlines?.add(command);
    return send.call(this, command, stream);
  };
}
