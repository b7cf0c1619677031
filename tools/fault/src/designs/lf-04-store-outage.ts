import type { Design } from '../design';
import { underFault } from '../fault-window';
import { check } from '../metrics';
import { OPERATION_TIMEOUT_MS } from '../targets';

/**
 * LF-4, for the stores this repository has: the engine's connections are killed every 100 ms
 * for 2 s mid-run (PostgreSQL pg_terminate_backend, MariaDB KILL CONNECTION, for this run's
 * connections only: the servers are shared). A cache engine plugs its restart in as `outage`.
 */
export const lf04: Design = {
  id: 'LF-4',
  title: 'Store connections dropped mid-run',
  appliesTo: (target) => (target.outage ? null : 'no store connection to drop'),
  async run(target, app, scale) {
    if (target.outage === undefined) throw new Error('LF-4 needs an outage fault');
    const { report, samples, start, end } = await underFault('LF-4', target, app, target.outage, {
      atMs: 2000,
      forMs: 2000,
      perClient: { gate: 150, full: 300 },
      // Paced so the load outlasts the fault by 2 s even on a quiet machine (150 × 40 ms = 6 s):
      // recovery is measured on the requests after the window, so there must be some.
      paceMs: 40,
      scale,
    });
    const failed = samples.filter((s) => s.status >= 500 || s.status === 0);
    check(report, report.byClass.failed === 0, '0 hung requests');
    check(
      report,
      failed.every((s) => s.status === 503),
      'failures are 503',
    );
    check(
      report,
      failed.every((s) => s.t1 - s.t0 <= OPERATION_TIMEOUT_MS + 100 + 400),
      `failures answered within the deadline (${OPERATION_TIMEOUT_MS} ms) + margin`,
    );
    check(report, (report.recoveryMs ?? 0) <= 6000, 'recovery ≤ 6 s');
    check(
      report,
      failed.every((s) => s.t1 >= start && s.t0 <= end + 6000),
      'no failure before the fault or 6 s after it',
    );
    check(report, report.lostWrites === 0, '0 lost acknowledged writes (the store keeps them)');
    check(report, report.rssGrowthPct < 20, 'RSS growth < 20%');
    return report;
  },
};
