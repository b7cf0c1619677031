import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Runs `work` and reports the longest event-loop delay seen meanwhile: how late any timer could
 * have fired because this process was busy or not scheduled (a loaded CI machine). A deadline
 * test adds it to its bound instead of a fixed slack that a slow moment overruns.
 */
export async function withLoopLag<T>(work: () => Promise<T>): Promise<{ result: T; maxLagMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  try {
    const result = await work();
    return { result, maxLagMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}
