#!/usr/bin/env node
/** The `sessionkit` command. Plain Node: no CLI framework, no engine import (the config brings the engine). */
import { main } from './cli/main.js';

const controller = new AbortController();
// The first Ctrl-C stops clear-expired between batches; a second one kills the process.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort());
}

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sessionkit: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
