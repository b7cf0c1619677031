import type { Socket } from 'node:net';
import type Memcached from 'memcached';

/** What the `memcached` client keeps per server: a jackpot pool of sockets. */
interface ClientInternals {
  activeQueries: number;
  connections: Record<string, { pool?: Socket[] } | undefined>;
}

/**
 * Gathers the commands sent during one tick into one write per socket, as `writeCoalescer`
 * does on Redis: while other commands await their replies, the pool's sockets are corked at
 * the first command and uncorked on the next tick. Concurrent requests then share a syscall
 * (and the server's read) instead of writing one each. A command sent while none is under way
 * (one request at a time) is written at once. The `memcached` client writes synchronously when
 * a command is called, and sends every command to a server on the same pooled socket while
 * that socket is writable, so the cork catches them.
 */
export function memcachedWriteCoalescer(client: Memcached): () => void {
  const internals = client as unknown as ClientInternals;
  let corked: Socket[] = [];
  const flush = (): void => {
    const sockets = corked;
    corked = [];
    for (const socket of sockets) socket.uncork();
  };
  return () => {
    if (corked.length > 0 || internals.activeQueries === 0) return;
    for (const server in internals.connections) {
      for (const socket of internals.connections[server]?.pool ?? []) {
        if (!socket.writable || socket.writableCorked > 0) continue;
        socket.cork();
        corked.push(socket);
      }
    }
    if (corked.length > 0) process.nextTick(flush);
  };
}
