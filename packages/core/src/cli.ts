#!/usr/bin/env node
/** The `sessionkit` command. Plain Node: no CLI framework, no engine import (the config brings the engine). */
import { main } from './cli/main.js';

/** After SIGINT/SIGTERM, how long the command may take to stop its batch and close before it is cut short. */
const STOP_GRACE_MS = 800;
const INTERRUPTED = 130;

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(INTERRUPTED);
    // Stops clear-expired at once (between batches, or the engine abandons the running one);
    // if closing hangs (a pool that will not drain), the process still ends within a second.
    controller.abort(new Error(`${signal} received`));
    setTimeout(() => {
      process.stderr.write(`sessionkit: stopped by ${signal}\n`);
      process.exit(INTERRUPTED);
    }, STOP_GRACE_MS).unref();
  });
}

// The loop ran dry with the command unfinished (an engine waiting on nothing): that is a failure, not 0.
process.once('beforeExit', () => {
  process.stderr.write('sessionkit: the command never finished (the engine left nothing to wait for)\n');
  process.exit(1);
});

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: controller.signal,
}).then(
  (code) => exit(code),
  (error: unknown) => {
    process.stderr.write(`sessionkit: ${String(error)}\n`);
    exit(1);
  },
);

/** Ends the process even if a config left handles open (a pool, a timer), once the output is flushed. */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
