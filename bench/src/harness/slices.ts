import type { Budget, Contender, RoundSample } from './types.js';

/**
 * Interleaved rounds. On a shared VM the whole machine runs faster or slower for seconds at a
 * time (seen here: the raw Redis client at 8,900 and 23,300 load+saves/s in two rounds of one
 * process). A round that gives each contender its whole budget in one go spans several seconds,
 * so one contender can run in a fast phase and the next in a slow one, and their ratio for the
 * round is the machine's, not theirs. Cut into slices of a few tens of ms that the contenders
 * take in turn, the same phase falls on all of them. Google Benchmark's
 * `--benchmark_enable_random_interleaving` does the same for the same reason.
 */

/** A round's budget as `slices` equal slices of about `sliceMs` each (at least one). */
export function sliceRound(budget: Budget, sliceMs: number): { slices: number; budget: Budget } {
  const slices = sliceMs > 0 ? Math.max(1, Math.round(budget.maxMs / sliceMs)) : 1;
  if (slices === 1) return { slices, budget };
  return {
    slices,
    budget: { maxOps: Math.ceil(budget.maxOps / slices), maxMs: budget.maxMs / slices },
  };
}

/** One contender's round, added up over its slices. */
export interface RoundTotal {
  ops: number;
  elapsedMs: number;
  cpuUs: number;
}

export function addSlice(
  totals: Map<Contender, RoundTotal>,
  contender: Contender,
  sample: RoundSample,
  cpuUs: number,
): void {
  const total = totals.get(contender);
  if (total === undefined) {
    totals.set(contender, { ops: sample.ops, elapsedMs: sample.elapsedMs, cpuUs });
    return;
  }
  total.ops += sample.ops;
  total.elapsedMs += sample.elapsedMs;
  total.cpuUs += cpuUs;
}
