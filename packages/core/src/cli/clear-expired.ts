import type { SessionEngine } from '../engine/types.js';
import { CliError, type CliIo, EXIT } from './io.js';
import { createProgress } from './progress.js';

export const CLEAR_EXPIRED_HELP = `Usage: sessionkit clear-expired [--config <file>] [--batch-size <n>]

Removes expired sessions from the engine's store, in batches. Run it from cron,
daily for example: like Django, sessionkit never purges expired sessions on its own.
(Django: "Can be run as a cronjob or directly to clean out expired sessions when
the backend supports it.")

Options:
  --config <file>    the config exporting the engine (default: sessionkit.config.{mjs,js,cjs,ts} in cwd)
  --batch-size <n>   rows removed per statement (the engine's default otherwise)
  -h, --help         this help

Engines that expire sessions by themselves (Redis, memcached, signed cookies) have
nothing to clear: the command says so and exits 0. An engine that cannot clear
exits 1 with Django's message.
`;

/** Follows the engine's declared capability; resolves to the exit code. */
export async function clearExpired(engine: SessionEngine, io: CliIo, batchSize: number | undefined): Promise<number> {
  const support = engine.capabilities.clearExpired;
  if (support === 'unsupported') {
    throw new CliError(`Session engine '${engine.name}' doesn't support clearing expired sessions.`);
  }
  if (support === 'unnecessary') {
    io.stdout.write(`Session engine '${engine.name}' expires sessions by itself: nothing to clear.\n`);
    return EXIT.ok;
  }
  const progress = createProgress(io.stderr);
  let removed = 0;
  try {
    const run = engine.clearExpired({
      ...(batchSize === undefined ? {} : { batchSize }),
      onProgress: (n) => {
        removed = n;
        progress.update(n);
      },
      ...(io.signal ? { signal: io.signal } : {}),
    });
    // An engine checks the signal between batches; the command stops waiting at once.
    removed = await (io.signal ? untilAborted(run, io.signal) : run);
  } catch (error) {
    progress.done();
    if (io.signal?.aborted) {
      io.stderr.write(`Interrupted after removing ${removed} expired session${removed === 1 ? '' : 's'}.\n`);
      return EXIT.interrupted;
    }
    throw error;
  }
  progress.done();
  io.stdout.write(`Removed ${removed} expired session${removed === 1 ? '' : 's'}.\n`);
  return EXIT.ok;
}

/** `work`, or a rejection as soon as `signal` aborts (the work itself is left to settle alone). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
