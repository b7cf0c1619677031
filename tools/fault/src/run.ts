// `npm run test:fault`: the checklist's load-and-fault designs against every engine reachable
// here, one design per file under designs/. `--gate` runs the bounded subset `npm test` runs
// (at most 3 minutes); `--only LF-4,LF-6` and `--targets memory,sqlite` narrow a run.
// Prints a markdown table and exits 1 when a pass criterion failed.
import { type Design, type Scale, withTarget } from './design';
import { lf01 } from './designs/lf-01-baseline';
import { lf04 } from './designs/lf-04-store-outage';
import { lf06 } from './designs/lf-06-store-freeze';
import { lf08 } from './designs/lf-08-limits';
import { lf10 } from './designs/lf-10-sqlite-contention';
import { lf11 } from './designs/lf-11-flooding';
import { lf13 } from './designs/lf-13-logout-race';
import { lf14 } from './designs/lf-14-cleanup-under-load';
import { type Report, table } from './metrics';
import { allTargets, type TargetFactory } from './targets';

export const DESIGNS: Design[] = [lf01, lf04, lf06, lf08, lf10, lf11, lf13, lf14];
/** The gating subset (the checklist's suggestion), at 'gate' sizes, on the embedded engines and PostgreSQL. */
const GATE_DESIGNS = ['LF-1', 'LF-4', 'LF-10', 'LF-11', 'LF-13'];
const GATE_TARGETS = ['memory', 'sqlite', 'postgres'];
/** The whole run stops starting designs past this (each design is bounded on its own too). */
const BUDGET_MS = { gate: 170_000, full: 900_000 };

function option(name: string): string[] | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : (process.argv[at + 1] ?? '').split(',');
}

async function runOne(design: Design, factory: TargetFactory, scale: Scale): Promise<Report | string | null> {
  if (design.runWith) return design.runWith(factory, scale);
  return withTarget(factory, async (target, app) => {
    const reason = design.appliesTo(target);
    if (reason !== null) return reason;
    if (design.run === undefined) throw new Error(`${design.id} has neither run nor runWith`);
    return design.run(target, app, scale);
  });
}

async function main(): Promise<number> {
  const scale: Scale = process.argv.includes('--gate') ? 'gate' : 'full';
  const only = option('--only') ?? (scale === 'gate' ? GATE_DESIGNS : undefined);
  const targetNames = option('--targets') ?? (scale === 'gate' ? GATE_TARGETS : undefined);
  const designs = DESIGNS.filter((design) => only === undefined || only.includes(design.id));
  const factories = allTargets().filter((factory) => targetNames === undefined || targetNames.includes(factory.name));
  const started = Date.now();
  const reports: Report[] = [];
  const skipped: string[] = [];
  for (const design of designs) {
    for (const factory of factories) {
      if (Date.now() - started > BUDGET_MS[scale]) {
        skipped.push(`${design.id} on ${factory.name}: over the ${BUDGET_MS[scale] / 1000} s budget`);
        continue;
      }
      process.stderr.write(`[fault] ${design.id} ${design.title} on ${factory.name}\n`);
      let outcome: Report | string | null;
      try {
        outcome = await runOne(design, factory, scale);
      } catch (error) {
        outcome = null;
        reports.push(crashed(design.id, factory.name, error));
        continue;
      }
      if (outcome === null) skipped.push(`${design.id} on ${factory.name}: server not reachable`);
      else if (typeof outcome === 'string') skipped.push(`${design.id} on ${factory.name}: n/a (${outcome})`);
      else reports.push(outcome);
    }
  }
  process.stdout.write(`${table(reports)}\n\n`);
  for (const report of reports)
    if (report.notes.length > 0)
      process.stdout.write(`- ${report.design} ${report.target}: ${report.notes.join('; ')}\n`);
  for (const line of skipped) process.stdout.write(`- not run: ${line}\n`);
  process.stdout.write(`\n${reports.length} runs in ${Math.round((Date.now() - started) / 1000)} s\n`);
  const unreachable = skipped.filter((line) => line.endsWith('server not reachable'));
  if (process.env.CI === 'true' && unreachable.length > 0) {
    process.stdout.write('CI: a server the fault suite needs is not reachable\n');
    return 1;
  }
  return reports.some((report) => report.failures.length > 0) ? 1 : 0;
}

function crashed(design: string, target: string, error: unknown): Report {
  return {
    design,
    target,
    requests: 0,
    byClass: { '2xx': 0, '4xx': 0, '5xx': 0, failed: 0 },
    acknowledgedWrites: 0,
    lostWrites: 0,
    fiveXxInWindow: 0,
    fiveXxOutside: 0,
    recoveryMs: null,
    p50Ms: 0,
    p99Ms: 0,
    maxMs: 0,
    rssGrowthPct: 0,
    failures: [`crashed: ${error instanceof Error ? error.message : String(error)}`],
    notes: [],
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
