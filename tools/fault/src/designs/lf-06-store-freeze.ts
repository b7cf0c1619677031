import { type Design, lostWrites } from '../design';
import { drive } from '../drive';
import { check, summarize } from '../metrics';
import { OPERATION_TIMEOUT_MS } from '../targets';

const FREEZE_AT_MS = 2000;
const FREEZE_MS = 3000;

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
    const freeze = target.freeze;
    if (freeze === undefined) throw new Error('LF-6 needs a freeze fault');
    const driven = await drive(
      {
        urls: [app.url],
        kind: 'mixed',
        clients: 8,
        perClient: scale === 'gate' ? 100 : 200,
        writeRatio: 0.3,
        paceMs: 20,
        timeoutMs: 10_000,
      },
      [
        { atMs: FREEZE_AT_MS, run: () => freeze.start() },
        { atMs: FREEZE_AT_MS + FREEZE_MS, run: () => freeze.stop() },
      ],
    );
    const [start = 0, end = 0] = driven.stepTimes;
    const samples = driven.result.samples;
    const report = summarize(
      'LF-6',
      target.name,
      samples,
      { start: driven.rssStart, end: driven.rssEnd },
      { start, end },
    );
    report.lostWrites = await lostWrites(target, driven.result);
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
