import { type Design, lostWrites } from '../design';
import { drive } from '../drive';
import { check, summarize } from '../metrics';

/**
 * LF-8's limits half, for every engine: 5% of writes are ~1.1 MB, past the 1 MiB default
 * `maxDataBytes` (past 4 KB for the cookie). Each must be refused (SessionTooLargeError, 500)
 * with the session's previous state intact; the memcached outage half belongs to the cache engine.
 */
export const lf08: Design = {
  id: 'LF-8',
  title: 'Oversize writes among normal load',
  appliesTo: () => null,
  async run(target, app, scale) {
    const driven = await drive({
      urls: [app.url],
      kind: 'mixed',
      clients: 8,
      perClient: scale === 'gate' ? 60 : 200,
      writeRatio: 0.3,
      bigRatio: 0.05,
      timeoutMs: 10_000,
    });
    const samples = driven.result.samples;
    const report = summarize('LF-8', target.name, samples, { start: driven.rssStart, end: driven.rssEnd });
    report.lostWrites = await lostWrites(target, driven.result);
    const big = samples.filter((s) => s.kind === 'big');
    report.notes.push(`${big.length} oversize writes`);
    check(report, big.length > 0, 'some oversize writes were sent');
    check(
      report,
      big.every((s) => s.status === 500),
      'every oversize write is refused with 500',
    );
    check(
      report,
      samples.filter((s) => s.kind !== 'big').every((s) => s.status === 200),
      'every other request succeeds',
    );
    check(report, report.lostWrites === 0, 'previous state intact: 0 lost acknowledged writes');
    let stored = 0;
    for (const cookie of driven.result.finalCookies) {
      if (cookie !== null && (await target.engine.load(cookie))?.data.big !== undefined) stored += 1;
    }
    check(report, stored === 0, 'no oversize value stored');
    return report;
  },
};
