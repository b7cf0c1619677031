import { fork } from 'node:child_process';
import { join } from 'node:path';
import { type Design, lostWrites } from '../design';
import { drive } from '../drive';
import { check, summarize } from '../metrics';
import { FAULT_SECRET } from '../targets';

const HOLD_AT_MS = 1500;
const HOLD_MS = 2000;
const SOURCE = ['--conditions=@sessionkit/source', '--import', 'tsx'];

/**
 * LF-10: two app processes (this one and a fork, as two cluster workers on 2 cores) write to
 * one SQLite file (WAL, busy timeout 5 s) while a helper process holds the write lock for 2 s.
 * No SQLITE_BUSY may surface (no 5xx) and requests during the hold finish within 2 s + margin.
 * The negative control (a deferred transaction that does see SQLITE_BUSY) is in
 * packages/db/test/contention.sqlite.test.ts.
 */
export const lf10: Design = {
  id: 'LF-10',
  title: 'SQLite contention across processes',
  appliesTo: (target) => (target.sqliteFile ? null : 'SQLite only'),
  async run(target, app, scale) {
    const file = target.sqliteFile as string;
    const second = fork(join(__dirname, '..', 'sqlite-server.ts'), [file, FAULT_SECRET], { execArgv: SOURCE });
    try {
      const otherUrl = await new Promise<string>((resolve, reject) => {
        second.once('message', (url) => resolve(String(url)));
        second.once('exit', (code) => reject(new Error(`second app exited (${code})`)));
      });
      const driven = await drive(
        {
          urls: [app.url, otherUrl],
          kind: 'mixed',
          clients: 16,
          perClient: scale === 'gate' ? 60 : 150,
          writeRatio: 1,
          paceMs: 10,
          timeoutMs: 15_000,
        },
        [{ atMs: HOLD_AT_MS, run: () => holdLock(file) }],
      );
      const [start = 0] = driven.stepTimes;
      const window = { start, end: start + HOLD_MS };
      const samples = driven.result.samples;
      const report = summarize('LF-10', target.name, samples, { start: driven.rssStart, end: driven.rssEnd }, window);
      report.lostWrites = await lostWrites(target, driven.result);
      const during = samples.filter((s) => s.t0 >= window.start && s.t0 <= window.end);
      report.notes.push(`${during.length} requests started during the hold`);
      check(
        report,
        report.byClass['5xx'] + report.byClass.failed === 0,
        '0 SQLITE_BUSY surfaced (no 5xx, no failures)',
      );
      check(
        report,
        during.every((s) => s.t1 - s.t0 <= HOLD_MS + 1500),
        'requests during the hold finish within 2 s + 1.5 s',
      );
      check(report, report.lostWrites === 0, '0 lost acknowledged writes');
      return report;
    } finally {
      second.send('stop');
      setTimeout(() => {
        if (second.exitCode === null && second.pid !== undefined) process.kill(second.pid, 'SIGKILL');
      }, 2000).unref();
    }
  },
};

/** Starts the lock holder and resolves once it holds the lock (it releases after HOLD_MS and exits). */
function holdLock(file: string): Promise<void> {
  const holder = fork(join(__dirname, '..', 'sqlite-lock-holder.ts'), [file, String(HOLD_MS)], {
    execArgv: ['--import', 'tsx'],
  });
  const stop = setTimeout(() => {
    if (holder.exitCode === null && holder.pid !== undefined) process.kill(holder.pid, 'SIGKILL');
  }, HOLD_MS + 5000);
  stop.unref();
  return new Promise((resolve, reject) => {
    holder.once('message', () => resolve());
    holder.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`lock holder exited (${code})`))));
  });
}
