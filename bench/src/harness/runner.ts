import { performance } from 'node:perf_hooks';
import { addSlice, type RoundTotal, sliceRound } from './slices.js';
import { LatencyPool } from './stats.js';
import { summariseSuite } from './summary.js';
import type { Budget, Contender, RoundSample, SuiteResult, SuiteSamples, SuiteSpec } from './types.js';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * One round of a contender whose unit of work is a function call: runs `op` until the
 * budget's count or time is spent, timing every call. A call that returns a promise is
 * awaited; a synchronous one (better-sqlite3, HMAC) is not charged for an await it does not need.
 */
export function opRound(op: (i: number) => unknown): (budget: Budget) => Promise<RoundSample> {
  let counter = 0;
  return async (budget) => {
    const latencies = new Float64Array(budget.maxOps);
    const start = performance.now();
    let now = start;
    let n = 0;
    while (n < budget.maxOps) {
      const before = now;
      const result = op(counter++);
      if (result !== undefined && typeof (result as PromiseLike<unknown>).then === 'function') await result;
      now = performance.now();
      latencies[n++] = (now - before) * 1000;
      if (now - start >= budget.maxMs) break;
    }
    return { ops: n, elapsedMs: now - start, latenciesUs: latencies.subarray(0, n) };
  };
}

/**
 * The same with `inFlight` operations outstanding at all times (a busy server): that many
 * workers each start their next operation as soon as their last one settles.
 */
export function concurrentOpRound(
  op: (i: number) => unknown,
  inFlight: number,
): (budget: Budget) => Promise<RoundSample> {
  let counter = 0;
  return async (budget) => {
    const latencies = new Float64Array(budget.maxOps);
    const start = performance.now();
    let n = 0;
    let stop = false;
    const worker = async (): Promise<void> => {
      while (!stop && n < budget.maxOps) {
        const before = performance.now();
        await op(counter++);
        const now = performance.now();
        if (n < budget.maxOps) latencies[n++] = (now - before) * 1000;
        if (now - start >= budget.maxMs) stop = true;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return { ops: n, elapsedMs: performance.now() - start, latenciesUs: latencies.subarray(0, n) };
  };
}

/**
 * Round r visits the contenders rotated by r/2 (rounded down), and backwards on odd rounds, so
 * nobody always goes first: over 2n rounds each of n contenders is first, and last, twice.
 * Rotating by r itself never alternated two contenders (round 1's rotation, reversed, is round 0's order).
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  const shift = Math.floor(round / 2);
  const rotated = items.map((_, i) => items[(i + shift) % n] as T);
  return round % 2 === 1 ? rotated.reverse() : rotated;
}

/** `spec` with a `--rounds` override applied: at least 5 rounds are kept. */
export function withRounds(spec: SuiteSpec, rounds: string | undefined): SuiteSpec {
  if (rounds !== undefined) spec.rounds = Math.max(5, Number(rounds));
  return spec;
}

export interface RunOptions {
  log: (line: string) => void;
  /**
   * Length of one slice of a measured round, ms: the contenders take turns slice by slice, so
   * a slow phase of the machine lands on all of them (slices.ts). 0 or absent: whole rounds.
   */
  sliceMs?: number;
  /** Printed before the warm-up round instead of the suite's heading (a fork's own line). */
  heading?: string;
}

/** Sets up, checks, warms, measures (alternating rounds), checks again, tears down; then the figures. */
export async function runSuite(spec: SuiteSpec, options: RunOptions): Promise<SuiteResult> {
  const samples = await measureSuite(spec, options);
  options.log(`   done in ${(samples.durationMs / 1000).toFixed(1)} s`);
  return summariseSuite(samples);
}

/** `runSuite` up to its rounds: what each contender measured, not yet summarised. */
export async function measureSuite(spec: SuiteSpec, { log, heading, sliceMs = 0 }: RunOptions): Promise<SuiteSamples> {
  const started = performance.now();
  log(heading ?? `\n== ${spec.id}: ${spec.title}`);
  const errors = new Map<string, string>();
  const fail = (contender: Contender, stage: string, error: unknown): void => {
    const message = `${stage}: ${error instanceof Error ? error.message : String(error)}`;
    errors.set(contender.name, message);
    log(`   ${contender.name}: FAILED ${message}`);
  };
  await spec.setup?.();
  // One full GC per suite, before anything is warmed: the suite starts from a clean heap (the
  // bench process also drives the HTTP suites' load), and the warm-up rounds then re-optimise
  // what a full GC throws away. None between rounds (README, "Steady state").
  gc?.();
  try {
    const live: Contender[] = [];
    for (const contender of spec.contenders) {
      try {
        await contender.setup?.();
        await contender.check();
        await contender.round(spec.warmup);
        live.push(contender);
      } catch (error) {
        fail(contender, 'setup/check', error);
      }
    }
    // The first limit is the suite's reference; later ones (hand-written apps) are further limits.
    const limit = spec.contenders.find((c) => c.group === 'limit');
    if (limit === undefined || !live.includes(limit))
      throw new Error(`suite ${spec.id} has no working limit contender`);

    const perRound = new Map<Contender, number[]>(live.map((c) => [c, []]));
    const perRoundCpu = new Map<Contender, number[]>(live.map((c) => [c, []]));
    const latency = new Map<Contender, LatencyPool>(live.map((c) => [c, new LatencyPool()]));
    const warmupRounds = spec.warmupRounds ?? 1;
    for (let round = -warmupRounds; round < spec.rounds; round++) {
      const measured = round >= 0;
      // The warm-up round runs whole; a measured round is interleaved in slices (slices.ts).
      const { slices, budget } = sliceRound(spec.budget, measured ? sliceMs : 0);
      const totals = new Map<Contender, RoundTotal>();
      for (let slice = 0; slice < slices; slice++) {
        for (const contender of roundOrder(live, (round + warmupRounds) * slices + slice)) {
          if (errors.has(contender.name)) continue;
          try {
            const cpuBefore = process.cpuUsage();
            const sample = await contender.round(budget);
            const cpu = process.cpuUsage(cpuBefore);
            if (!measured) continue;
            addSlice(totals, contender, sample, sample.cpuUs ?? cpu.user + cpu.system);
            latency.get(contender)?.add(sample.latenciesUs);
          } catch (error) {
            fail(contender, `round ${round + 1}`, error);
          }
        }
      }
      const line: string[] = [];
      for (const contender of live) {
        const total = totals.get(contender);
        if (total === undefined || errors.has(contender.name)) continue;
        const opsPerSec = (total.ops / total.elapsedMs) * 1000;
        perRound.get(contender)?.push(opsPerSec);
        perRoundCpu.get(contender)?.push(total.cpuUs / total.ops);
        line.push(`${short(contender.name)} ${Math.round(opsPerSec)}`);
      }
      log(measured ? `   round ${round + 1}/${spec.rounds}: ${line.join(' | ')}` : '   warm-up round (not measured)');
    }
    for (const contender of live) {
      if (errors.has(contender.name)) continue;
      try {
        await contender.check();
      } catch (error) {
        fail(contender, 'check after the rounds', error);
      }
    }
    return {
      id: spec.id,
      title: spec.title,
      unit: spec.unit,
      description: spec.description,
      limit: limit.name,
      rounds: spec.rounds,
      durationMs: performance.now() - started,
      contenders: spec.contenders.map((c) => ({
        name: c.name,
        group: c.group,
        ...(c.note === undefined ? {} : { note: c.note }),
        roundOpsPerSec: perRound.get(c) ?? [],
        roundCpuUsPerOp: perRoundCpu.get(c) ?? [],
        latenciesUs: latency.get(c)?.sorted() ?? new Float64Array(0),
        ...(errors.has(c.name) || !perRound.has(c) ? { error: errors.get(c.name) ?? 'not run' } : {}),
      })),
    };
  } finally {
    for (const contender of spec.contenders) {
      try {
        await contender.teardown?.();
      } catch (error) {
        log(`   ${contender.name}: teardown failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await spec.teardown?.();
  }
}

function short(name: string): string {
  return name.length > 28 ? `${name.slice(0, 27)}…` : name;
}
