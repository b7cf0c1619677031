import type Memcached from 'memcached';

/** What the `memcached` client keeps per failing server; `failed` makes commands fail at once. */
interface ServerIssue {
  failed: boolean;
}

interface ClientInternals {
  issues: Record<string, ServerIssue>;
  connectionIssue(error: unknown, socket: { end?: () => void; serverAddress: string }): void;
}

/**
 * Replaces the `memcached` client's handling of a failed connection. Its own IssueLog, on a
 * second failure inside the `retry` window (any load does that), schedules a "reconnect" that
 * spawns `ping` (killing the process where ping is missing, with an unhandled 'error') and
 * keeps the server out until ping answers. Here a failed server is simply refused for
 * `retryMs` (commands fail at once, so requests get 503 quickly), then tried again.
 */
export function guardMemcachedReconnect(client: Memcached, retryMs: number, onIssue?: (server: string) => void): void {
  const internals = client as unknown as ClientInternals;
  internals.connectionIssue = function connectionIssue(_error, socket) {
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
