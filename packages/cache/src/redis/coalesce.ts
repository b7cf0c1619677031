import type { Redis } from 'ioredis';

/**
 * Gathers the commands sent during one tick into one socket write: corks the connection at the
 * first and uncorks on the next tick. Concurrent requests then share writes (and the server's
 * reads) as with auto-pipelining, without what auto-pipelining costs a lone command: a wait for
 * setImmediate and a Pipeline object per command.
 */
export function writeCoalescer(client: Redis): () => void {
  let corked: Redis['stream'] | undefined;
  const flush = (): void => {
    const stream = corked;
    corked = undefined;
    stream?.uncork();
  };
  return () => {
    if (corked !== undefined || client.status !== 'ready') return;
    const stream = client.stream;
    if (stream === undefined || !stream.writable) return;
    stream.cork();
    corked = stream;
    process.nextTick(flush);
  };
}
