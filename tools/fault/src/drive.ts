import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { LoadPlan, LoadResult } from './load-protocol';

/** Something to do at `atMs` after the load starts (a fault switched on or off, a cleanup). */
export interface Step {
  atMs: number;
  run(): Promise<unknown>;
}

export interface Driven {
  result: LoadResult;
  startedAt: number;
  /** When each step ran (epoch ms), in order. */
  stepTimes: number[];
  rssStart: number;
  rssEnd: number;
}

/** A child that is still running after this is killed (by its PID) and the design fails. */
const LOAD_LIMIT_MS = 120_000;

/**
 * Runs `plan` from a second process on loopback (a fork of load.ts) while `steps` run here, in
 * the server's process, on schedule. The load process is stopped by its PID if it overruns.
 */
export async function drive(
  plan: LoadPlan,
  steps: Step[] = [],
  warmup: 'writes' | 'reads' = 'writes',
): Promise<Driven> {
  const child = fork(join(__dirname, 'load.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const killer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  }, LOAD_LIMIT_MS);
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`load process exited early (${code})`)));
    });
    const answer = (sent: LoadPlan) =>
      new Promise<LoadResult>((resolve, reject) => {
        child.once('message', (message) => resolve(message as LoadResult));
        child.once('exit', (code) => reject(new Error(`load process exited without a result (${code})`)));
        child.send(sent);
      });
    // Warm-up (JIT, connection pools) before the RSS baseline, so growth measures the run itself.
    // 'reads' for designs that count the store: unknown keys only, nothing created.
    const kind = warmup === 'reads' ? 'unknown' : 'mixed';
    await answer({ urls: plan.urls, kind, clients: 8, perClient: 40, writeRatio: 0.3, timeoutMs: 10_000 });
    const rssStart = settledRss();
    const startedAt = Date.now();
    const result = answer(plan);
    const stepTimes: number[] = [];
    for (const step of steps) {
      const wait = startedAt + step.atMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      stepTimes.push(Date.now());
      await step.run();
    }
    const loaded = await result;
    return { result: loaded, startedAt, stepTimes, rssStart, rssEnd: settledRss() };
  } finally {
    clearTimeout(killer);
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  }
}

/** RSS after a full GC when the process runs with --expose-gc (the npm script does), so garbage is not counted as growth. */
function settledRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}
