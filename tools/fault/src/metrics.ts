import type { Sample } from './load-protocol';

/** One row of the fault table. */
export interface Report {
  design: string;
  target: string;
  requests: number;
  byClass: Record<'2xx' | '4xx' | '5xx' | 'failed', number>;
  acknowledgedWrites: number;
  lostWrites: number;
  fiveXxInWindow: number;
  fiveXxOutside: number;
  /** ms from the fault's end to the end of the first success after the last failure; null without a fault. */
  recoveryMs: number | null;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  rssGrowthPct: number;
  /** Pass criteria that failed, in words; empty when the design passed. */
  failures: string[];
  notes: string[];
}

export function classOf(status: number): keyof Report['byClass'] {
  if (status === 0) return 'failed';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  return '2xx';
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export interface Window {
  start: number;
  end: number;
}

/** The common columns; the design adds lost writes, failures and notes. */
export function summarize(
  design: string,
  target: string,
  samples: Sample[],
  rss: { start: number; end: number },
  window?: Window,
): Report {
  const byClass = { '2xx': 0, '4xx': 0, '5xx': 0, failed: 0 };
  let inWindow = 0;
  let outside = 0;
  for (const sample of samples) {
    const kind = classOf(sample.status);
    byClass[kind] += 1;
    if (kind !== '5xx' && kind !== 'failed') continue;
    if (window && sample.t1 >= window.start && sample.t0 <= window.end + 100) inWindow += 1;
    else outside += 1;
  }
  const latencies = samples.map((sample) => sample.t1 - sample.t0);
  return {
    design,
    target,
    requests: samples.length,
    byClass,
    acknowledgedWrites: samples.filter((s) => s.kind === 'w' && classOf(s.status) === '2xx').length,
    lostWrites: 0,
    fiveXxInWindow: inWindow,
    fiveXxOutside: outside,
    recoveryMs: window ? recovery(samples, window.end) : null,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(0, ...latencies),
    rssGrowthPct: Math.round(((rss.end - rss.start) / rss.start) * 1000) / 10,
    failures: [],
    notes: [],
  };
}

function recovery(samples: Sample[], faultEnd: number): number {
  const after = samples.filter((s) => s.t0 >= faultEnd - 1000).sort((a, b) => a.t0 - b.t0);
  let lastFailure = -1;
  after.forEach((s, i) => {
    if (classOf(s.status) === '5xx' || s.status === 0) lastFailure = i;
  });
  if (lastFailure === -1) return 0;
  const ok = after.slice(lastFailure + 1).find((s) => classOf(s.status) === '2xx');
  return ok === undefined ? Number.POSITIVE_INFINITY : Math.max(0, ok.t1 - faultEnd);
}

/** Adds a failure unless `ok`. */
export function check(report: Report, ok: boolean, criterion: string): void {
  if (!ok) report.failures.push(criterion);
}

const cell = (value: number | null) => (value === null ? 'n/a' : String(value));

/** The table printed at the end (markdown, so it can be pasted into docs). */
export function table(reports: Report[]): string {
  const head =
    '| design | target | requests | 2xx | 4xx | 5xx | failed | acked writes | LOST acked | 5xx in window | 5xx outside | recovery ms | p99 ms | max ms | RSS growth % | result |';
  const rule = `|${' --- |'.repeat(16)}`;
  const rows = reports.map((r) =>
    [
      r.design,
      r.target,
      r.requests,
      r.byClass['2xx'],
      r.byClass['4xx'],
      r.byClass['5xx'],
      r.byClass.failed,
      r.acknowledgedWrites,
      r.lostWrites,
      r.fiveXxInWindow,
      r.fiveXxOutside,
      cell(r.recoveryMs),
      r.p99Ms,
      r.maxMs,
      r.rssGrowthPct,
      r.failures.length === 0 ? 'pass' : `FAIL: ${r.failures.join('; ')}`,
    ].join(' | '),
  );
  return [head, rule, ...rows.map((row) => `| ${row} |`)].join('\n');
}
