import { median, ratios } from './stats.js';
import type { SuiteResult } from './types.js';

/** One performance target: `contender` must reach `min` × `versus`, within one suite, as a median of per-round ratios. */
export interface Target {
  id: string;
  suite: string;
  contender: string;
  versus: string;
  min: number;
  text: string;
  /**
   * What the ratio is judged on: ops/s (default), or CPU time per operation of the measured
   * process (versus ÷ contender, so higher is cheaper), for targets stated on server CPU.
   */
  on?: 'ops' | 'cpu';
}

export interface TargetResult extends Target {
  /** The judged ratio: on ops/s, or on CPU time for an `on: 'cpu'` target. */
  ratio: number | null;
  roundRatios: number[];
  /** The comparison on CPU time per operation of the measured process (versus ÷ contender). */
  cpuRatio: number | null;
  /** The comparison on ops/s, whatever the target is judged on. */
  opsRatio: number | null;
  status: 'met' | 'missed' | 'not run';
  reason?: string;
  /**
   * For a target against a peer: what it asks of us in units of the suite's limit (`min` × the
   * peer's median ratio to the limit). Above 1 it asks for more than the raw client or the bare
   * server, which no session layer over that client can reach.
   */
  neededVsLimit?: number;
}

export function evaluateTargets(
  targets: Target[],
  suites: SuiteResult[],
  explanations: Record<string, string>,
): TargetResult[] {
  return targets.map((target) => {
    const suite = suites.find((s) => s.id === target.suite);
    const mine = suite?.perRound[target.contender];
    const theirs = suite?.perRound[target.versus];
    if (mine === undefined || theirs === undefined) {
      const failed = suite?.contenders.find(
        (c) => c.error !== undefined && (c.contender === target.contender || c.contender === target.versus),
      );
      return {
        ...target,
        ratio: null,
        roundRatios: [],
        cpuRatio: null,
        opsRatio: null,
        status: 'not run',
        reason: failed?.error ?? 'suite not run',
      };
    }
    const opsRounds = ratios(mine, theirs);
    const cpuMine = suite?.perRoundCpu[target.contender];
    const cpuTheirs = suite?.perRoundCpu[target.versus];
    const cpuRounds = cpuMine && cpuTheirs ? ratios(cpuTheirs, cpuMine) : [];
    const roundRatios = target.on === 'cpu' ? cpuRounds : opsRounds;
    const ratio = median(roundRatios);
    const met = ratio >= target.min;
    const versus = suite?.contenders.find((c) => c.contender === target.versus);
    const toLimit = target.on === 'cpu' ? versus?.cpuRatioToLimit : versus?.ratioToLimit;
    const neededVsLimit = versus?.group === 'peer' && toLimit !== undefined ? target.min * toLimit : undefined;
    return {
      ...target,
      ratio,
      roundRatios,
      cpuRatio: cpuRounds.length > 0 ? median(cpuRounds) : null,
      opsRatio: median(opsRounds),
      status: met ? 'met' : 'missed',
      reason: met ? undefined : missReason(target, versus?.contender, neededVsLimit, explanations),
      neededVsLimit,
    };
  });
}

/** The explanation of a miss, led by the arithmetic when the target asks for more than the limit. */
function missReason(
  target: Target,
  peer: string | undefined,
  neededVsLimit: number | undefined,
  explanations: Record<string, string>,
): string {
  const explained = explanations[target.id] ?? 'not explained yet';
  if (peer === undefined || neededVsLimit === undefined || neededVsLimit <= 1) return explained;
  const peerRatio = neededVsLimit / target.min;
  return `Out of reach in this run: ${peer} already reaches ${peerRatio.toFixed(2)}× the limit, so ${Number(target.min.toFixed(3))}× of it is ${neededVsLimit.toFixed(2)}× the limit, faster than the limit itself. ${explained}`;
}
