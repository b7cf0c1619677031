import type { Redis } from 'ioredis';
import { ReadBatches } from '../read-batches.js';

type Stream = NonNullable<Redis['stream']>;

/**
 * Commands held in one tick: when the count reaches this, those held before the last one are
 * written at once, and the rest wait for the tick's end as before. The server then works on the
 * first of a batch while this process is still answering the others' replies. With every
 * command held to the end of the tick, client and server took turns: 32 load+saves in flight
 * left the client ~11% idle, at 0.91-0.98x connect-redis 9's ops/s with as much CPU per
 * operation or less; written early at the 8th, 0.97-1.06x (seven --only=redis-32 runs each,
 * alternated).
 */
export const EARLY_WRITE_AT = 8;

/**
 * Gathers the commands sent during one tick into one socket write: corks the connection at the
 * first and uncorks on the next tick. Concurrent requests then share writes (and the server's
 * reads) as with auto-pipelining, without what auto-pipelining costs a lone command: a wait for
 * setImmediate and a Pipeline object per command.
 *
 * A command sent while no reply is awaited is written at once when only one reply was awaited
 * at the last read from the server (one request at a time): nothing is coming to share its
 * write, and the cork and the tick would only cost. When several were, their callers' next
 * commands follow in this tick, and the first is corked with them (read-batches.ts): written
 * alone, it cost a write of its own and woke the server for one command (strace, 32 load+saves
 * in flight: 12.9 commands per write before, 23.6 after). A large tick's first commands go out
 * early (EARLY_WRITE_AT).
 */
export function writeCoalescer(client: Redis): () => void {
  let corked: Stream | undefined;
  let watched: Stream | undefined;
  const flush = (): void => {
    const stream = corked;
    corked = undefined;
    stream?.uncork();
  };
  /** Commands sent since the cork. */
  let held = 0;
  const reads = new ReadBatches(() => client.commandQueue.length);
  return () => {
    reads.sending();
    if (corked !== undefined) {
      if (++held === EARLY_WRITE_AT) {
        corked.uncork();
        corked.cork();
      }
      return;
    }
    if (client.status !== 'ready') return;
    const stream = client.stream;
    if (stream === undefined || !stream.writable) return;
    if (stream !== watched) {
      // A reconnect brings a new socket.
      watched?.off('data', reads.beforeReplies);
      stream.prependListener('data', reads.beforeReplies);
      watched = stream;
      reads.reset();
    }
    if (client.commandQueue.length === 0 && !reads.several) return;
    stream.cork();
    corked = stream;
    held = 1;
    process.nextTick(flush);
  };
}
