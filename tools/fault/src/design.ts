import { type FaultApp, startApp } from './app';
import type { LoadResult, Sample } from './load-protocol';
import type { Report } from './metrics';
import type { Target, TargetFactory } from './targets';

/** 'gate': the bounded subset `npm test` runs; 'full': the checklist's sizes (`npm run test:fault`). */
export type Scale = 'gate' | 'full';

/** One load-and-fault design of the checklist. */
export interface Design {
  id: string;
  title: string;
  /** Targets the design applies to (by factory name); others are reported as not applicable. */
  appliesTo(target: Target): string | null;
  run?(target: Target, app: FaultApp, scale: Scale): Promise<Report>;
  /** Instead of `run`, for a design that makes its target itself (a clock to control, a store to seed). */
  runWith?(factory: TargetFactory, scale: Scale): Promise<Report | string | null>;
}

/** Makes the target and its app, runs `body`, and always closes both. Null when the target is unreachable. */
export async function withTarget<T>(
  factory: TargetFactory,
  body: (target: Target, app: FaultApp) => Promise<T>,
  options?: { clockOffsetMs?: () => number },
): Promise<T | null> {
  const target = await factory.make(options);
  if (target === null) return null;
  const app = await startApp(target.engine);
  try {
    return await body(target, app);
  } finally {
    await app.close();
    await target.close();
  }
}

/**
 * Acknowledged writes (2xx `POST /w`) missing from each client's final session, read from the
 * store directly (engine.load, no manager in between).
 */
export async function lostWrites(target: Target, result: LoadResult): Promise<number> {
  const acked = new Map<number, string[]>();
  for (const sample of result.samples) {
    if (sample.kind !== 'w' || sample.status < 200 || sample.status >= 300 || sample.id === undefined) continue;
    acked.set(sample.client, [...(acked.get(sample.client) ?? []), sample.id]);
  }
  let lost = 0;
  for (const [client, ids] of acked) {
    const cookie = result.finalCookies[client];
    const record = cookie ? await target.engine.load(cookie) : null;
    for (const id of ids) if (record?.data[`k_${id}`] !== 1) lost += 1;
  }
  return lost;
}

/** Read latencies (ms) of the successful reads in `samples`. */
export function readLatencies(samples: Sample[]): number[] {
  return samples.filter((s) => s.kind === 'r' && s.status === 200).map((s) => s.t1 - s.t0);
}

/** The read p99 of the last LF-1 run per target: LF-11's yardstick. */
export const baselineReadP99 = new Map<string, number>();
