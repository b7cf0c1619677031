/**
 * One fork of a suite (see forks.ts): builds the suite `id` as the bench process would, runs its
 * share of the rounds after its own warm-up round, and sends what it measured to the parent.
 *   fork-child.ts <id> <fork> <forks> <slice ms> [rounds]
 */
import { measureSuite, withRounds } from './harness/runner.js';
import { orderStatistics } from './harness/stats.js';
import type { SuiteSamples } from './harness/types.js';
import { runMain } from './harness/run-main.js';
import { defaultSuites } from './suites.js';
import { removeWorkdir } from './workdir.js';

/** Latencies a fork sends per contender: enough order statistics for a p99 (forks.ts pools them). */
const LATENCY_POINTS = 2000;

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const [id = '', forkText = '', forksText = '', sliceMsText = '0', roundsText] = process.argv.slice(2);
  const fork = Number(forkText);
  const forks = Number(forksText);
  const entry = defaultSuites(() => {
    throw new Error(`suite ${id} needs the HTTP load generator: it runs in the bench process`);
  }, 'process').find((e) => e.id === id);
  if (entry === undefined || process.send === undefined) throw new Error(`no suite ${id}, or no parent to report to`);
  const spec = withRounds(entry.build(), roundsText);
  spec.rounds = Math.ceil(spec.rounds / forks);
  if (fork === 1) log(`\n== ${spec.id}: ${spec.title}`);
  try {
    const samples = await measureSuite(spec, {
      log,
      heading: `   process ${fork}/${forks}`,
      sliceMs: Number(sliceMsText),
    });
    await send({
      ...samples,
      contenders: samples.contenders.map((c) => ({
        ...c,
        latenciesUs: orderStatistics(c.latenciesUs, LATENCY_POINTS),
      })),
    });
  } finally {
    removeWorkdir();
  }
}

/** Resolves once the message has left: runMain exits right after. */
function send(samples: SuiteSamples): Promise<void> {
  return new Promise((resolve, reject) => {
    process.send?.(samples, undefined, {}, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

runMain(main);
