/** Who a contender is: one of our engines, a peer library, or the raw client (the limit). */
export type Group = 'ours' | 'peer' | 'limit';

/** How long one round of one contender may run: whichever bound comes first. */
export interface Budget {
  maxOps: number;
  maxMs: number;
}

/** What one round of one contender measured. */
export interface RoundSample {
  ops: number;
  elapsedMs: number;
  /** Latency of each operation in µs (HTTP: each request, as the load generator saw it). */
  latenciesUs: ArrayLike<number>;
  /**
   * CPU µs the measured code used in the round, when it runs in another process (HTTP servers
   * in their own process); otherwise the runner measures this process.
   */
  cpuUs?: number;
}

/**
 * Anything the harness can measure. A suite is a list of these; the runner sets each up,
 * checks it, and runs its rounds in alternating order. Storage, cookie and HTTP suites
 * build them from their own, smaller contender shapes (see store/, cookie/, http/).
 */
export interface Contender {
  readonly name: string;
  readonly group: Group;
  /** Configuration worth printing next to the numbers (defaults, cipher, pragmas, …). */
  note?: string;
  setup?(): Promise<void>;
  /** The round-trip check: throws unless what was written reads back. Run before and after the rounds. */
  check(): Promise<void>;
  round(budget: Budget): Promise<RoundSample>;
  teardown?(): Promise<void>;
}

export interface SuiteSpec {
  id: string;
  title: string;
  /** What one operation is, e.g. "load+save" or "request". */
  unit: string;
  description: string;
  rounds: number;
  budget: Budget;
  warmup: Budget;
  /**
   * Full rounds of every contender, in the usual alternating order, run and not recorded before
   * the measured ones. Default 1. No round is preceded by a forced GC: a full GC throws away
   * optimised code that depends on weak objects (README, "Steady state").
   */
  warmupRounds?: number;
  contenders: Contender[];
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
}

export interface ContenderResult {
  suite: string;
  contender: string;
  group: Group;
  note?: string;
  /** Median over the rounds. */
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
  /** Median over the rounds of (this round's ops/s ÷ the limit's ops/s in the same round). */
  ratioToLimit: number;
  /** The same against the fastest peer (by median); null when the suite has no peer. */
  ratioToBestPeer: number | null;
  roundOpsPerSec: number[];
  roundRatiosToLimit: number[];
  /**
   * CPU time (user+system) this process spent per operation, median over the rounds. For
   * HTTP suites that is the server's cost per request (the load generator is another process);
   * for PostgreSQL, the client side. Much less sensitive to other load on the machine than ops/s.
   */
  cpuUsPerOp: number;
  /** The limit's cpuUsPerOp ÷ this one's, median of per-round ratios (higher is cheaper). */
  cpuRatioToLimit: number;
  /** (max − min) ÷ median of the per-round ops/s, in percent. */
  spreadPct: number;
  /** Set when the contender failed its setup or round-trip check; its numbers are then absent. */
  error?: string;
}

/** What one process measured of one contender: per-round figures, which forks pool (forks.ts). */
export interface ContenderSamples {
  name: string;
  group: Group;
  note?: string;
  roundOpsPerSec: number[];
  roundCpuUsPerOp: number[];
  /** Latencies in µs, sorted; from a fork, evenly spaced order statistics of them. */
  latenciesUs: ArrayLike<number>;
  /** Set when the contender failed its setup, a round or its round-trip check. */
  error?: string;
}

/** A suite's measured rounds, before the medians and ratios are taken (summary.ts). */
export interface SuiteSamples {
  id: string;
  title: string;
  unit: string;
  description: string;
  /** The suite's reference: its first limit contender. */
  limit: string;
  rounds: number;
  durationMs: number;
  contenders: ContenderSamples[];
}

export interface SuiteResult {
  id: string;
  title: string;
  unit: string;
  description: string;
  rounds: number;
  /** Processes the rounds ran in, one after another (forks.ts); absent when the bench process ran them. */
  forks?: number;
  limit: string;
  bestPeer: string | null;
  durationMs: number;
  contenders: ContenderResult[];
  /** Per-round ops/s by contender name, for ratios between any two contenders. */
  perRound: Record<string, number[]>;
  /** Per-round CPU µs per operation by contender name. */
  perRoundCpu: Record<string, number[]>;
}
