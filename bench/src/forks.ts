import { fork } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { summariseSuite } from './harness/summary.js';
import type { ContenderSamples, SuiteResult, SuiteSamples } from './harness/types.js';

/**
 * A suite's rounds split over `forks` processes, run one after another, each with its own
 * warm-up round (fork-child.ts); the per-round figures of all of them are then summarised as
 * one run's. Why (README, "Forks"): the rounds of one process agree closely, yet the same suite
 * run in another process can settle a few percent apart (V8's compiled code and heap differ from
 * process to process), so a target read from one process is read from one draw of that.
 */
export async function runForked(
  id: string,
  { forks, rounds, sliceMs }: ForkOptions,
  log: (line: string) => void,
): Promise<SuiteResult> {
  const started = performance.now();
  const parts: SuiteSamples[] = [];
  for (let i = 1; i <= forks; i++) parts.push(await runFork(id, i, { forks, rounds, sliceMs }));
  const durationMs = performance.now() - started;
  log(`   done in ${(durationMs / 1000).toFixed(1)} s`);
  return summariseSuite({ ...pool(parts), durationMs }, forks);
}

export interface ForkOptions {
  forks: number;
  /** The `--rounds` override, if any. */
  rounds: string | undefined;
  /** The measured rounds' slice length (harness/slices.ts). */
  sliceMs: number;
}

function runFork(id: string, index: number, { forks, rounds, sliceMs }: ForkOptions): Promise<SuiteSamples> {
  const args = [id, String(index), String(forks), String(sliceMs), ...(rounds === undefined ? [] : [rounds])];
  // Same node flags as the bench process (--expose-gc, tsx); structured clone carries the Float64Arrays.
  const child = fork(join(__dirname, 'fork-child.ts'), args, { serialization: 'advanced' });
  return new Promise((resolve, reject) => {
    let samples: SuiteSamples | undefined;
    child.on('message', (message) => {
      samples = message as SuiteSamples;
    });
    child.on('error', reject);
    // 'close', not 'exit': it comes after the IPC channel has delivered every message.
    child.on('close', (code, signal) => {
      if (samples !== undefined && code === 0) resolve(samples);
      else reject(new Error(`suite ${id}, process ${index}/${forks}: exited with ${signal ?? code} before reporting`));
    });
  });
}

/** The forks' samples as one suite's: rounds and CPU figures in fork order, latencies pooled. */
function pool(parts: SuiteSamples[]): SuiteSamples {
  const [first] = parts;
  if (first === undefined) throw new Error('no fork ran');
  return {
    ...first,
    rounds: parts.reduce((sum, part) => sum + part.rounds, 0),
    contenders: first.contenders.map((contender) => {
      const own = parts.map((part) => part.contenders.find((c) => c.name === contender.name));
      return pooledContender(contender, own);
    }),
  };
}

function pooledContender(contender: ContenderSamples, own: (ContenderSamples | undefined)[]): ContenderSamples {
  const error = own.map((c) => (c === undefined ? 'not run' : c.error)).find((e) => e !== undefined);
  const latencies = own.flatMap((c) => Array.from(c?.latenciesUs ?? []));
  return {
    name: contender.name,
    group: contender.group,
    ...(contender.note === undefined ? {} : { note: contender.note }),
    roundOpsPerSec: own.flatMap((c) => c?.roundOpsPerSec ?? []),
    roundCpuUsPerOp: own.flatMap((c) => c?.roundCpuUsPerOp ?? []),
    latenciesUs: Float64Array.from(latencies).sort(),
    ...(error === undefined ? {} : { error }),
  };
}
