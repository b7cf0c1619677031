import type { MemcachedClient } from '../client-types.js';

/** What the `memcached` client keeps per failing server; `failed` makes commands fail at once. */
interface ServerIssue {
  failed: boolean;
}

/** A command awaiting its reply; the client calls `callback` with the command as `this`. */
interface PendingCommand {
  callback?: (this: unknown, error: unknown, result: unknown) => void;
}

/** A pooled socket (or the stand-in the client builds when none could be had). */
interface ClientSocket {
  end?: () => void;
  serverAddress: string;
  readyState?: string;
  /** Commands sent on the socket, oldest first: the next reply answers `metaData[0]`. */
  metaData?: PendingCommand[];
}

interface ClientInternals {
  issues: Record<string, ServerIssue>;
  connectionIssue(error: unknown, socket: ClientSocket): void;
  rawDataReceived(socket: ClientSocket, lines: unknown): unknown;
}

/**
 * Replaces the `memcached` client's handling of a failed connection. Its own IssueLog, on a
 * second failure inside the `retry` window (any load does that), schedules a "reconnect" that
 * spawns `ping` (killing the process where ping is missing, with an unhandled 'error') and
 * keeps the server out until ping answers. Here a failed server is simply refused for
 * `retryMs` (commands fail at once, so requests get 503 quickly), then tried again.
 *
 * The client also reports a SERVER_ERROR reply as a connection issue (and answers the command
 * with no error and `false`, which reads as NOT_FOUND). That reply answers one command, e.g.
 * "object too large for cache", and memcached keeps the connection in step: here that command
 * alone fails with the server's message, and the socket and server stay in service.
 */
export function guardMemcachedReconnect(
  client: MemcachedClient,
  retryMs: number,
  onIssue?: (server: string) => void,
): void {
  const internals = client as unknown as ClientInternals;
  // The socket whose replies are being parsed: its SERVER_ERROR parser is the only caller of
  // connectionIssue from there (socket errors and failed connections come from events).
  let parsing: ClientSocket | undefined;
  const parse = internals.rawDataReceived;
  internals.rawDataReceived = function rawDataReceived(this: ClientInternals, socket, lines) {
    const outer = parsing;
    parsing = socket;
    try {
      return parse.call(this, socket, lines);
    } finally {
      parsing = outer;
    }
  };
  internals.connectionIssue = function connectionIssue(error, socket) {
    if (socket === parsing && socket.readyState === 'open') {
      failReply(socket, error);
      return;
    }
    socket.end?.();
    const server = socket.serverAddress;
    const issue = internals.issues[server];
    if (issue?.failed) return;
    internals.issues[server] = { failed: true };
    onIssue?.(server);
    setTimeout(() => {
      delete internals.issues[server];
    }, retryMs).unref();
  };
}

/** The command the SERVER_ERROR answers (the oldest pending; the client drops it next) gets the error. */
function failReply(socket: ClientSocket, message: unknown): void {
  const command = socket.metaData?.[0];
  const callback = command?.callback;
  if (command === undefined || typeof callback !== 'function') return;
  command.callback = function serverError(this: unknown, _error: unknown, result: unknown) {
    callback.call(this, new Error(`SERVER_ERROR ${String(message)}`), result);
  };
}
