import { createHash } from 'node:crypto';
import { type Design, type Scale, withTarget } from '../design';
import { drive } from '../drive';
import { check, percentile, type Report, summarize } from '../metrics';
import type { TargetFactory } from '../targets';

const CLEANUP_AT_MS = 2000;

/**
 * LF-14: the store holds expired and live sessions; 8 clients read live ones (and some
 * expired ones) while `clearExpired({ batchSize: 1000 })` runs. No live session is lost, no
 * expired one is served, and the read p99 during cleanup stays under 3× the p99 before it.
 * Seeding moves the engine's clock back 2 h, so rows written live are expired once it returns.
 */
export const lf14: Design = {
  id: 'LF-14',
  title: 'Expiry cleanup under load',
  appliesTo: (target) => (target.revocable ? null : 'nothing stored server-side to clean up'),
  runWith: (factory, scale) => runLf14(factory, scale),
};

async function runLf14(factory: TargetFactory, scale: Scale): Promise<Report | string | null> {
  let offset = 0;
  return withTarget(
    factory,
    async (target, app) => {
      const reason = lf14.appliesTo(target);
      if (reason !== null) return reason;
      const expired = scale === 'gate' ? 2000 : 10_000;
      const live = scale === 'gate' ? 200 : 1000;
      const presets: { cookie: string; live: boolean }[] = [];
      const seed = async (count: number, isLive: boolean) => {
        for (let i = 0; i < count; i++) {
          const key = createHash('sha256').update(`lf14-${isLive}-${i}-${Math.random()}`).digest('hex').slice(0, 32);
          const expiresAt = new Date(Date.now() + (isLive ? 3_600_000 : -3_600_000));
          await target.engine.create(key, { data: { seed: true }, expiresAt });
          if (i % 10 === 0) presets.push({ cookie: key, live: isLive });
        }
      };
      offset = -2 * 3_600_000; // expired rows are live when written...
      await seed(expired, false);
      offset = 0; // ...and dead from here on
      await seed(live, true);
      let removed = 0;
      const driven = await drive(
        {
          urls: [app.url],
          kind: 'presets',
          clients: 8,
          perClient: 0,
          presets,
          durationMs: scale === 'gate' ? 6000 : 15_000,
          paceMs: 5,
          timeoutMs: 10_000,
        },
        [{ atMs: CLEANUP_AT_MS, run: async () => (removed = await target.engine.clearExpired({ batchSize: 1000 })) }],
        'reads',
      );
      const [cleanupStart = 0] = driven.stepTimes;
      const samples = driven.result.samples;
      const report = summarize('LF-14', target.name, samples, { start: driven.rssStart, end: driven.rssEnd });
      const before = samples.filter((s) => s.t1 < cleanupStart).map((s) => s.t1 - s.t0);
      const during = samples.filter((s) => s.t0 >= cleanupStart && s.t0 <= cleanupStart + 3000).map((s) => s.t1 - s.t0);
      const wrong = samples.filter((s) => s.wrong === true).length;
      let liveLeft = 0;
      for (const preset of presets)
        if (preset.live && (await target.engine.load(preset.cookie)) !== null) liveLeft += 1;
      const p99Before = percentile(before, 99);
      const p99During = percentile(during, 99);
      report.notes.push(`removed ${removed}; p99 before ${p99Before} ms, during cleanup ${p99During} ms`);
      // Reads drop expired records they meet, so clearExpired may find fewer: the store must end with the live ones only.
      const left = await target.count();
      report.notes.push(`store count after cleanup ${left}`);
      check(report, left === live, `only the ${live} live sessions are left`);
      check(report, liveLeft === presets.filter((p) => p.live).length, '0 live sessions lost');
      check(report, wrong === 0, '0 expired sessions served, 0 live ones missing');
      check(report, report.byClass['2xx'] === samples.length, 'every read answered 2xx');
      check(report, p99During <= 3 * Math.max(p99Before, 5), 'p99 during cleanup < 3× before');
      return report;
    },
    { clockOffsetMs: () => offset },
  );
}
