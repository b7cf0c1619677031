import { baselineReadP99, type Design, lostWrites, readLatencies } from '../design';
import { drive } from '../drive';
import { check, percentile, summarize } from '../metrics';

/**
 * LF-1: 16 clients × 200 requests, 70% reads and 30% writes; no fault. Full size in the gate
 * too: its read p99 is LF-11's baseline, and of ~2,240 reads it is not one stall's.
 */
export const lf01: Design = {
  id: 'LF-1',
  title: 'Baseline per engine',
  appliesTo: () => null,
  async run(target, app) {
    const driven = await drive({
      urls: [app.url],
      kind: 'mixed',
      clients: 16,
      perClient: 200,
      writeRatio: 0.3,
      timeoutMs: 10_000,
    });
    const report = summarize('LF-1', target.name, driven.result.samples, {
      start: driven.rssStart,
      end: driven.rssEnd,
    });
    report.lostWrites = await lostWrites(target, driven.result);
    const readP99 = percentile(readLatencies(driven.result.samples), 99);
    baselineReadP99.set(target.name, readP99);
    report.notes.push(`read p99 ${readP99} ms (baseline for LF-11)`);
    check(report, report.requests - report.byClass['2xx'] === 0, '0 errors');
    check(report, report.lostWrites === 0, '0 lost writes');
    return report;
  },
};
