import type { Design } from '../design';
import { underFault } from '../fault-window';
import { check } from '../metrics';
import { OPERATION_TIMEOUT_MS } from '../targets';

/**
 * LF-6, for the stores this repository has: the session table is locked for 3 s mid-run
 * (PostgreSQL LOCK TABLE … ACCESS EXCLUSIVE, MariaDB LOCK TABLES … WRITE), so the store
 * accepts connections but does not answer. Every request must complete or fail within the
 * deadline, and service resumes within 1 s of the release. A cache engine plugs SIGSTOP in as `freeze`.
 */
export const lf06: Design = {
  id: 'LF-6',
  title: 'Store freeze',
  appliesTo: (target) => (target.freeze ? null : 'no way to freeze this store from outside'),
  async run(target, app, scale) {
    if (target.freeze === undefined) throw new Error('LF-6 needs a freeze fault');
    const { report } = await underFault('LF-6', target, app, target.freeze, {
      atMs: 2000,
      forMs: 3000,
      perClient: { gate: 100, full: 200 },
      // The load outlasts the 2-5 s freeze by 2 s even on a quiet machine (100 × 70 ms = 7 s).
      paceMs: 70,
      scale,
    });
    // A request queues behind at most one deadline per store call (a load and a save).
    const budget = 2 * OPERATION_TIMEOUT_MS + 500;
    check(report, report.byClass.failed === 0, '0 hung requests');
    check(report, report.maxMs <= budget, `every request completes or fails within ${budget} ms`);
    check(report, (report.recoveryMs ?? 0) <= 1000, 'recovery ≤ 1 s after the release');
    check(report, report.lostWrites === 0, '0 lost acknowledged writes');
    check(report, report.rssGrowthPct < 20, 'RSS bounded (growth < 20%)');
    return report;
  },
};
