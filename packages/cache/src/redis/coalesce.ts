import type { Redis } from 'ioredis';

/**
 * Gathers the commands sent during one tick into one socket write: corks the connection at the
 * first and uncorks on the next tick. Concurrent requests then share writes (and the server's
 * reads) as with auto-pipelining, without what auto-pipelining costs a lone command: a wait for
 * setImmediate and a Pipeline object per command. A command sent while none awaits its reply
 * (one request at a time) is written at once: nothing is coming to share its write, and the
 * cork and the tick would only cost.
 */
export function writeCoalescer(client: Redis): () => void {
  let corked: Redis['stream'] | undefined;
  const flush = (): void => {
    const stream = corked;
    corked = undefined;
    stream?.uncork();
  };
  return () => {
    if (corked !== undefined || client.status !== 'ready' || client.commandQueue.length === 0) return;
    const stream = client.stream;
    if (stream === undefined || !stream.writable) return;
    stream.cork();
    corked = stream;
    process.nextTick(flush);
  };
}
