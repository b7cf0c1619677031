import { median, percentileSorted, ratios, spreadPct } from './stats.js';
import type { ContenderResult, ContenderSamples, SuiteResult, SuiteSamples } from './types.js';

/**
 * A suite's figures from its measured rounds: per contender the median ops/s and CPU, latency
 * percentiles, and the medians of its per-round ratios to the limit and to the fastest peer.
 * Round i of every contender ran in the same pass of the suite, so ratios pair round i with round i.
 */
export function summariseSuite(samples: SuiteSamples, forks?: number): SuiteResult {
  const ok = samples.contenders.filter((c) => c.error === undefined);
  const limit = ok.find((c) => c.name === samples.limit);
  if (limit === undefined) {
    const error = samples.contenders.find((c) => c.name === samples.limit)?.error ?? 'not run';
    throw new Error(`suite ${samples.id}: the limit failed (${error})`);
  }
  const bestPeer = ok
    .filter((c) => c.group === 'peer')
    .reduce<ContenderSamples | null>(
      (best, c) => (best === null || median(c.roundOpsPerSec) > median(best.roundOpsPerSec) ? c : best),
      null,
    );
  const contenders = samples.contenders.map((c): ContenderResult => {
    if (c.error !== undefined) return failed(samples.id, c, c.error);
    const toLimit = ratios(c.roundOpsPerSec, limit.roundOpsPerSec);
    return {
      suite: samples.id,
      contender: c.name,
      group: c.group,
      note: c.note,
      opsPerSec: median(c.roundOpsPerSec),
      p50Us: percentileSorted(c.latenciesUs, 50),
      p99Us: percentileSorted(c.latenciesUs, 99),
      ratioToLimit: median(toLimit),
      ratioToBestPeer: bestPeer === null ? null : median(ratios(c.roundOpsPerSec, bestPeer.roundOpsPerSec)),
      roundOpsPerSec: c.roundOpsPerSec,
      roundRatiosToLimit: toLimit,
      cpuUsPerOp: median(c.roundCpuUsPerOp),
      cpuRatioToLimit: median(ratios(limit.roundCpuUsPerOp, c.roundCpuUsPerOp)),
      spreadPct: spreadPct(c.roundOpsPerSec),
    };
  });
  return {
    id: samples.id,
    title: samples.title,
    unit: samples.unit,
    description: samples.description,
    rounds: samples.rounds,
    ...(forks === undefined ? {} : { forks }),
    limit: samples.limit,
    bestPeer: bestPeer?.name ?? null,
    durationMs: samples.durationMs,
    contenders,
    perRound: Object.fromEntries(ok.map((c) => [c.name, c.roundOpsPerSec])),
    perRoundCpu: Object.fromEntries(ok.map((c) => [c.name, c.roundCpuUsPerOp])),
  };
}

function failed(suite: string, c: ContenderSamples, error: string): ContenderResult {
  return {
    suite,
    contender: c.name,
    group: c.group,
    note: c.note,
    opsPerSec: Number.NaN,
    p50Us: Number.NaN,
    p99Us: Number.NaN,
    ratioToLimit: Number.NaN,
    ratioToBestPeer: null,
    roundOpsPerSec: [],
    roundRatiosToLimit: [],
    cpuUsPerOp: Number.NaN,
    cpuRatioToLimit: Number.NaN,
    spreadPct: Number.NaN,
    error,
  };
}
