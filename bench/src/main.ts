/**
 * `npm run bench` (the default suites, about 7 minutes on a quiet 2-core machine) or `npm run bench -- --scale`
 * (session sizes, million-row tables, clearExpired). Options:
 *   --only=id,id    run only these suites (prefix match); results go to results/partial.*
 *   --rounds=N      override every suite's round count (at least 5 is kept)
 *   --out=name      results/<name>.md|json instead of latest/scale/partial
 *   --http-shared   every HTTP server in this process instead of one process each (to measure
 *                   what sharing changes; the default keeps them apart)
 *   --forks=N       processes each non-HTTP suite's rounds are split over (default 3; 1 runs
 *                   them in this process, as before; README, "Forks")
 *   --slice-ms=N    length of the turns the contenders of a non-HTTP suite take within a round
 *                   (default 50; 0 gives each its whole round in one go; README, "Slices")
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { EXPLANATIONS } from './explanations.js';
import { runEnvironment } from './harness/env.js';
import { type ExtraSection, writeReport } from './harness/report.js';
import { runSuite, withRounds } from './harness/runner.js';
import { sliceRound } from './harness/slices.js';
import { evaluateTargets, type Target } from './harness/targets.js';
import type { SuiteResult } from './harness/types.js';
import { Loadgen } from './http/driver.js';
import { LEAD_IN_MS } from './http/suite.js';
import { scaleRun } from './scale/index.js';
import { runForked } from './forks.js';
import { defaultSuites } from './suites.js';
import { removeWorkdir, scratchBase } from './workdir.js';
import { runMain } from './harness/run-main.js';
import { ToolArgs } from './harness/tool-args.js';

/** Processes a non-HTTP suite's rounds are split over (README, "Forks"). */
const DEFAULT_FORKS = 3;
/** Turns the contenders of a non-HTTP suite take within a round, ms (README, "Slices"). */
const DEFAULT_SLICE_MS = 50;

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const cli = new ToolArgs(args);
  const scale = cli.flag('scale');
  const only = cli.value('only')?.split(',').filter(Boolean);
  const roundsOverride = cli.value('rounds');
  const name = cli.value('out') ?? (scale ? 'scale' : only ? 'partial' : 'latest');
  const hosting = cli.flag('http-shared') ? 'shared' : 'process';
  const forks = Number(cli.value('forks') ?? DEFAULT_FORKS);
  if (!Number.isInteger(forks) || forks < 1) throw new Error('--forks takes a whole number of at least 1');
  const sliceMs = Number(cli.value('slice-ms') ?? DEFAULT_SLICE_MS);
  if (!Number.isFinite(sliceMs) || sliceMs < 0) throw new Error('--slice-ms takes a number of ms, 0 for whole rounds');
  const environment = runEnvironment(args);
  const started = performance.now();
  log(
    `sessionkit bench at ${environment.commit.slice(0, 12)}${environment.dirtyFiles ? ' (uncommitted changes)' : ''}; node ${environment.node}, ${environment.cores} cores`,
  );
  if ((environment.loadAverageAtStart[0] ?? 0) > environment.cores * 0.5) {
    log(
      `WARNING: load average ${environment.loadAverageAtStart[0]} on ${environment.cores} cores: other work will distort the numbers.`,
    );
  }

  let loadgen: Loadgen | undefined;
  const getLoadgen = (): Loadgen => {
    loadgen ??= new Loadgen();
    return loadgen;
  };
  const suites: SuiteResult[] = [];
  const targets: Target[] = [];
  const extras: ExtraSection[] = [];
  const extraRecords: Record<string, unknown>[] = [];
  const notes = [
    `SQLite files live in ${scratchBase()} (RAM-backed tmpfs) except in the sqlite-disk suite; PostgreSQL connections use synchronous_commit=off. Both keep fsync (about 5 ms on this VM) from hiding the code being compared.`,
    'Ratios are medians of per-round ratios: each round runs every contender, in an order that rotates and reverses between rounds (and between turns, where a round is taken in turns: see below); one unmeasured warm-up round of every contender comes first, and no round is preceded by a forced GC (README, "Steady state").',
  ];
  if (!scale)
    notes.push(
      forks > 1
        ? `Suites other than HTTP split their rounds over ${forks} processes run one after another, each with its own warm-up round, and the per-round ratios of all of them are pooled (README, "Forks").`
        : 'Every suite ran in the bench process (--forks=1).',
    );
  if (!scale && sliceMs > 0)
    notes.push(
      `Within each measured round of those suites the contenders take turns in slices of about ${sliceMs} ms (a 500 ms round is ${sliceRound({ maxOps: 1, maxMs: 500 }, sliceMs).slices} turns each), so that a slow phase of the machine falls on all of them alike (README, "Slices").`,
    );

  try {
    if (scale) {
      const result = await scaleRun({ log, only });
      suites.push(...result.suites);
      targets.push(...result.targets);
      extras.push(...result.extras);
      extraRecords.push(...result.records);
      notes.push(...result.notes);
    } else {
      for (const entry of defaultSuites(getLoadgen, hosting)) {
        if (only && !only.some((prefix) => entry.id.startsWith(prefix))) continue;
        try {
          suites.push(
            forks > 1 && entry.http !== true
              ? await runForked(entry.id, { forks, rounds: roundsOverride, sliceMs }, log)
              : await runSuite(withRounds(entry.build(), roundsOverride), {
                  log,
                  sliceMs: entry.http === true ? 0 : sliceMs,
                }),
          );
        } catch (error) {
          log(`   suite ${entry.id} failed: ${error instanceof Error ? error.stack : String(error)}`);
        }
        targets.push(...entry.targets);
      }
    }
  } finally {
    if (loadgen !== undefined)
      notes.push(
        `HTTP suites: ${loadgen.placement}; ${hosting === 'process' ? 'each server in a process of its own (CPU µs/op is that process’s)' : 'every server in the bench process (--http-shared)'}; each round follows ${LEAD_IN_MS} ms of the same load, unmeasured, so a server that idled while the others ran is measured under load (README, "Steady state").`,
      );
    loadgen?.stop();
    removeWorkdir();
  }

  const failed = suites.flatMap((s) =>
    s.contenders.filter((c) => c.error !== undefined).map((c) => `${s.id}/${c.contender}: ${c.error}`),
  );
  notes.push(
    failed.length === 0
      ? 'Every contender passed its round-trip check (write, read back, change, read back; unknown keys load nothing; tampered cookies are refused; untouched requests set no cookie and load nothing) before and after its rounds.'
      : `Contenders that failed their setup or round-trip check, and are left out: ${failed.join('; ')}.`,
  );
  const evaluated = evaluateTargets(targets, suites, EXPLANATIONS);
  const totalS = (performance.now() - started) / 1000;
  notes.push(`Total run time ${totalS.toFixed(0)} s.`);
  const dir = join(__dirname, '..', 'results');
  writeReport(dir, { name, environment, notes, suites, targets: evaluated, extras, extraRecords });
  log(`\nTargets:`);
  for (const t of evaluated) {
    log(
      `  ${t.status === 'met' ? 'met   ' : t.status === 'missed' ? 'MISSED' : 'NOTRUN'} ${t.ratio === null ? '  –  ' : `${t.ratio.toFixed(2)}×`}${t.on === 'cpu' ? ' on CPU' : ''} (need ${Number(t.min.toFixed(3))}×${t.on === 'cpu' ? (t.opsRatio === null ? '' : `; ops/s ${t.opsRatio.toFixed(2)}×`) : t.cpuRatio === null ? '' : `; CPU ${t.cpuRatio.toFixed(2)}×`})  ${t.text}`,
    );
  }
  log(`\nWrote ${join(dir, `${name}.md`)} and ${name}.json in ${totalS.toFixed(0)} s.`);
}

runMain(main);
