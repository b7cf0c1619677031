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
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** A message for the user, printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
