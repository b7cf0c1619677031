import { type Scale, lostWrites } from './design';
import { drive } from './drive';
import type { FaultApp } from './app';
import type { Sample } from './load-protocol';
import { type Report, summarize } from './metrics';
import type { Fault, Target } from './targets';

export interface FaultWindowRun {
  report: Report;
  samples: Sample[];
  /** When the fault was switched on and off (epoch ms). */
  start: number;
  end: number;
}

/**
 * 8 clients of mixed load (30% writes) with `fault` switched on at `atMs` for `forMs`: the
 * shape LF-4 and LF-6 share. The report has the window's columns and the lost writes filled in.
 */
export async function underFault(
  design: string,
  target: Target,
  app: FaultApp,
  fault: Fault,
  options: { atMs: number; forMs: number; perClient: Record<Scale, number>; paceMs: number; scale: Scale },
): Promise<FaultWindowRun> {
  const driven = await drive(
    {
      urls: [app.url],
      kind: 'mixed',
      clients: 8,
      perClient: options.perClient[options.scale],
      writeRatio: 0.3,
      paceMs: options.paceMs,
      timeoutMs: 10_000,
    },
    [
      { atMs: options.atMs, run: () => fault.start() },
      { atMs: options.atMs + options.forMs, run: () => fault.stop() },
    ],
  );
  const [start = 0, end = 0] = driven.stepTimes;
  const samples = driven.result.samples;
  const rss = { start: driven.rssStart, end: driven.rssEnd };
  const report = summarize(design, target.name, samples, rss, { start, end });
  report.lostWrites = await lostWrites(target, driven.result);
  return { report, samples, start, end };
}
