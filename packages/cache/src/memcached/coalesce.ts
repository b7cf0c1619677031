import type { Socket } from 'node:net';
import type Memcached from 'memcached';
import { ReadBatches } from '../read-batches.js';

/** What the `memcached` client keeps per server: a jackpot pool of sockets. */
interface ClientInternals {
  activeQueries: number;
  connections: Record<string, { pool?: Socket[] } | undefined>;
}

/**
 * Gathers the commands sent during one tick into one write per socket, as `writeCoalescer`
 * does on Redis: the pool's sockets are corked at the first command and uncorked on the next
 * tick. Concurrent requests then share a syscall (and the server's read) instead of writing one
 * each. The `memcached` client writes synchronously when a command is called, and sends every
 * command to a server on the same pooled socket while that socket is writable, so the cork
 * catches them.
 *
 * A command sent while none is under way is written at once when the last replies read answered
 * one caller (one request at a time); when they answered several, their callers' next commands
 * follow in this tick, and the first is corked with them (read-batches.ts), as on Redis.
 */
export function memcachedWriteCoalescer(client: Memcached): () => void {
  const internals = client as unknown as ClientInternals;
  const watched = new WeakSet<Socket>();
  let corked: Socket[] = [];
  const flush = (): void => {
    const sockets = corked;
    corked = [];
    for (const socket of sockets) socket.uncork();
  };
  const reads = new ReadBatches(() => internals.activeQueries);
  return () => {
    reads.sending();
    if (corked.length > 0 || (internals.activeQueries === 0 && !reads.several)) return;
    for (const server in internals.connections) {
      for (const socket of internals.connections[server]?.pool ?? []) {
        if (!watched.has(socket)) {
          // A socket first seen here (the pool grows, and replaces closed ones) reports its reads too.
          watched.add(socket);
          socket.prependListener('data', reads.beforeReplies);
        }
        if (!socket.writable || socket.writableCorked > 0) continue;
        socket.cork();
        corked.push(socket);
      }
    }
    if (corked.length > 0) process.nextTick(flush);
  };
}
