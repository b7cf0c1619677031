/**
 * Instructions per operation of the storage and cookie suites' contenders, independent of
 * machine load: each contender runs alone in a process under `valgrind --tool=callgrind`,
 * exactly as the suite builds it (same options, same round-trip check). After a warm-up round
 * this process zeroes the child's counters (`callgrind_control -z <pid>`), lets it run one
 * round of `--ops` operations, and dumps them (`-d`). Node runs `--single-threaded`, so that
 * compiler and GC work lands at the same points in every run (see request-cost.ts).
 *
 * Run from bench/ (needs valgrind; the child is bundled with esbuild, only @sessionkit/* and
 * bench sources inlined, so no TypeScript loader runs under valgrind):
 *   node --import tsx src/tools/engine-cost.ts sqlite "raw better-sqlite3 (prepared)" "ours: …" [--ops=2000]
 * At least one contender name is required (the suite files under src/ name them). Suites: those
 * of `defaultSuites` that need no load generator (sqlite, cookie-signed, cookie-encrypted, …).
 * For a contender whose operations return promises, pass `--warmup=12000 --ops=3000`: with
 * fewer warm-up operations more recompiles land in the count. Even so, the harness's round loop
 * (opRound) deoptimizes at the end of each round and is compiled again in the next, inside the
 * count: a fixed cost per round, 7-13k instructions per op at --ops=3000 (the sync limits show
 * none); see the dump's compiler:: functions.
 * The count also moves by a few thousand instructions per op from one build to the next
 * (V8's lookup caches are keyed by addresses): compare runs of the same order, not single digits.
 * Per function: `EC_KEEP=1` keeps the callgrind outputs (their folder is printed), and
 * `EC_NODE_FLAGS=--perf-basic-prof` makes each child write /tmp/perf-<pid>.map, which names the
 * JIT addresses in those outputs (callgrind_annotate shows them as 0x...).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { bundleOwnSources } from './bundle-own.js';
import { prepareContender } from './in-process-contender.js';

const UNLIMITED_MS = 1e9;

// ---- child side (runs under callgrind, from the bundle) -----------------------------------

async function child(suiteId: string, name: string, warmup: number, ops: number): Promise<void> {
  const { contender, close } = await prepareContender('engine-cost', suiteId, name);
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  try {
    await contender.round({ maxOps: warmup, maxMs: UNLIMITED_MS });
    process.stdout.write('READY\n');
    await lines.next();
    const sample = await contender.round({ maxOps: ops, maxMs: UNLIMITED_MS });
    process.stdout.write(`DONE ${sample.ops}\n`);
    await lines.next();
    await contender.check();
  } finally {
    await close();
  }
  process.exit(0);
}

// ---- driver side (not measured) -----------------------------------------------------------

async function measure(file: string, dir: string, suite: string, name: string, warmup: number, ops: number) {
  const proc = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${join(dir, 'cg.%p.out')}`,
      process.execPath,
      '--single-threaded',
      ...(process.env.EC_NODE_FLAGS ?? '').split(' ').filter(Boolean),
      file,
      'child',
      suite,
      name,
      String(warmup),
      String(ops),
    ],
    {
      env: {
        ...process.env,
        NODE_PATH: `${resolve(__dirname, '../../node_modules')}:${resolve(__dirname, '../../../node_modules')}`,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let log = '';
  proc.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const out = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const expect = async (prefix: string): Promise<string> => {
    for (;;) {
      const line = await out.next();
      if (line.done === true) throw new Error(`${name}: child ended before ${prefix}:\n${log.slice(-3000)}`);
      if (line.value.startsWith(prefix)) return line.value;
    }
  };
  const pid = String(proc.pid);
  await expect('READY');
  // Always by pid: other callgrind runs on the machine must not be touched.
  execFileSync('callgrind_control', ['-z', pid], { stdio: 'ignore' });
  proc.stdin.write('go\n');
  const done = await expect('DONE');
  execFileSync('callgrind_control', ['-d', pid], { stdio: 'ignore' });
  proc.stdin.end('exit\n');
  await new Promise((resolveExit) => proc.on('exit', resolveExit));
  const dumps = readdirSync(dir).filter((f) => f.startsWith(`cg.${pid}.out.`));
  if (dumps.length !== 1) throw new Error(`expected one dump for ${pid}, found ${dumps.join(', ')}`);
  const total = /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(dir, dumps[0] as string), 'utf8'));
  if (total === null) throw new Error('no total in the callgrind dump');
  return Number(total[1]) / Number(done.split(' ')[1]);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === 'child') return child(args[1] as string, args[2] as string, Number(args[3]), Number(args[4]));
  const option = (key: string, fallback: number): number =>
    Number(args.find((a) => a.startsWith(`--${key}=`))?.split('=')[1] ?? fallback);
  const [suite, ...names] = args.filter((a) => !a.startsWith('--'));
  if (suite === undefined || names.length === 0)
    throw new Error('usage: engine-cost.ts <suite> <contender> [contender ...] [--ops=2000] [--warmup=3000]');
  const ops = option('ops', 2000);
  const warmup = option('warmup', 3000);
  const dir = mkdtempSync(join(tmpdir(), 'engine-cost-'));
  try {
    const file = await bundleOwnSources(__filename, join(dir, 'child.cjs'));
    for (const name of names) {
      const perOp = await measure(file, dir, suite, name, warmup, ops);
      process.stdout.write(`${Math.round(perOp).toLocaleString('en').padStart(10)} instructions/op  ${name}\n`);
    }
  } finally {
    if (process.env.EC_KEEP === '1') process.stdout.write(`callgrind outputs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
