import type { CliStream } from './io.js';

/** Nothing is shown for runs shorter than this: a fast run prints only its count. */
const QUIET_MS = 1000;
/** Plain progress lines (not a TTY) come at most this often. */
const LINE_EVERY_MS = 2000;
const BAR_WIDTH = 24;

export interface Progress {
  update(removed: number): void;
  done(): void;
}

/**
 * Progress of a run whose total is unknown: on a TTY a redrawn line with a moving bar, the
 * count and the rate; otherwise a plain line now and then (cron logs stay readable).
 */
export function createProgress(stream: CliStream, now: () => number = Date.now): Progress {
  const started = now();
  let lastLine = Number.NEGATIVE_INFINITY;
  let drawn = false;
  let tick = 0;

  const rate = (removed: number): string => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    return `${Math.round(removed / seconds).toLocaleString('en-US')}/s`;
  };

  return {
    update(removed) {
      const t = now();
      if (t - started < QUIET_MS) return;
      if (stream.isTTY) {
        // An indeterminate bar: the engine cannot say how many rows remain without a full count.
        const at = tick++ % (2 * (BAR_WIDTH - 3));
        const pos = at < BAR_WIDTH - 3 ? at : 2 * (BAR_WIDTH - 3) - at;
        const bar = `${' '.repeat(pos)}<=>`.padEnd(BAR_WIDTH);
        stream.write(`\r[${bar}] ${removed.toLocaleString('en-US')} removed (${rate(removed)})\x1b[K`);
        drawn = true;
      } else if (t - lastLine >= LINE_EVERY_MS) {
        lastLine = t;
        stream.write(`clear-expired: ${removed} removed so far (${rate(removed)})\n`);
      }
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
