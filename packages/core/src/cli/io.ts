/** Where the CLI writes; the real process streams, or fakes in tests. */
export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM, so a long clear-expired stops between batches. */
  signal?: AbortSignal;
}

/** Exit codes: 0 done, 1 the command failed, 2 bad usage, 130 interrupted. */
export { CLI_EXIT as EXIT, CliError } from '../errors.js';
