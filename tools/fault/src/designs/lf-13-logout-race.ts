import type { Design } from '../design';
import { drive } from '../drive';
import { check, summarize } from '../metrics';

/**
 * LF-13: client A starts a slow write (loads, waits 200 ms, writes); client B logs the same
 * session out 50 ms later. Afterwards the old key must not be in the store (no resurrection),
 * and A gets SessionInterrupted (400) or no new cookie.
 */
export const lf13: Design = {
  id: 'LF-13',
  title: 'Logout against an in-flight write',
  appliesTo: (target) => (target.revocable ? null : 'a cookie cannot be revoked: logout only clears the client’s copy'),
  async run(target, app, scale) {
    const driven = await drive({
      urls: [app.url],
      kind: 'race',
      clients: 4,
      perClient: scale === 'gate' ? 10 : 50, // 40 or 200 iterations
      timeoutMs: 10_000,
    });
    const report = summarize('LF-13', target.name, driven.result.samples, {
      start: driven.rssStart,
      end: driven.rssEnd,
    });
    const races = driven.result.races;
    let resurrected = 0;
    for (const race of races) if ((await target.engine.load(race.oldCookie)) !== null) resurrected += 1;
    // Which request landed first is up to the scheduler: logout first, the slow write is
    // interrupted (400) or, if it had not loaded yet, starts a fresh session; write first, it
    // saves under the old key and the logout then deletes it. Either way the old key is gone.
    const interrupted = races.filter((race) => race.slowStatus === 400).length;
    const fresh = races.filter((race) => race.slowStatus === 200 && race.slowSetCookie !== race.oldCookie).length;
    const writeFirst = races.filter((race) => race.slowStatus === 200 && race.slowSetCookie === race.oldCookie).length;
    report.notes.push(
      `${races.length} iterations: slow write interrupted (400) ${interrupted}, fresh session ${fresh}, landed before the logout ${writeFirst}`,
    );
    check(report, races.length === (scale === 'gate' ? 40 : 200), 'every iteration ran');
    check(report, resurrected === 0, '0 resurrections of the logged-out key');
    check(
      report,
      interrupted + fresh + writeFirst === races.length,
      'the slow write ends in one of the three outcomes (no 5xx)',
    );
    return report;
  },
};
