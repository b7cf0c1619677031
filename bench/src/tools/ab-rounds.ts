/**
 * One in-process contender (storage or cookie suite) as built now and as built at an earlier
 * commit, timed in one process in short alternating rounds: a before/after timing that a noisy
 * machine cannot skew, since a slow phase of the machine (seen here: every process 1.5x slower
 * for seconds at a time) lands on both sides alike. A whole-suite run cannot tell a 2-5% change
 * there (its per-run ratios moved by 0.1 on the same build), and callgrind counts instructions,
 * not the memory traffic a change may save.
 *
 *   cd bench && node --import tsx src/tools/ab-rounds.ts sqlite "ours: db engine, defaults" --before=HEAD \
 *     [--rounds=40] [--ops=2000] [--warmup=20000]
 *
 * Both builds are bundled with esbuild (@sessionkit/* and bench sources inlined, each build its
 * own copy; other packages shared), then one child process loads both and runs `--rounds` pairs
 * of `--ops` operations, the order of each pair reversed every round. It prints each build's
 * median µs per operation and the median of the per-round ratios (now ÷ before, below 1: faster
 * now). Contenders on an outside server (Redis, PostgreSQL) share it and its keys: use this for
 * in-process suites (sqlite, cookie-*).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, percentileSorted, ratios } from '../harness/stats.js';
import { ToolArgs } from '../harness/tool-args.js';
import { checkOutBefore } from './before-tree.js';
import { bundleOwnSources } from './bundle-own.js';
import { type PreparedContender, prepareContender } from './in-process-contender.js';

const UNLIMITED_MS = 1e9;
const REPO = resolve(__dirname, '../../..');

/** What a bundle of this file gives the child that loads it: its own build of the contender. */
export const prepare = (suiteId: string, name: string): Promise<PreparedContender> =>
  prepareContender('ab-rounds', suiteId, name);

// ---- child side: both builds in this process ---------------------------------------------

async function alternate(beforeBundle: string, args: ToolArgs): Promise<void> {
  const [suiteId = '', name = ''] = args.positional;
  const [rounds, ops, warmup] = [args.num('rounds', 40), args.num('ops', 2000), args.num('warmup', 20_000)];
  const prepareBefore = (require(beforeBundle) as { prepare: typeof prepare }).prepare;
  const usPerOp: Record<'now' | 'before', number[]> = { now: [], before: [] };
  const now = await prepare(suiteId, name);
  let before: PreparedContender | undefined;
  try {
    before = await prepareBefore(suiteId, name);
    const sides = { now: now.contender, before: before.contender };
    for (const side of Object.values(sides)) await side.round({ maxOps: warmup, maxMs: UNLIMITED_MS });
    for (let r = 0; r < rounds; r++) {
      for (const key of r % 2 === 0 ? (['now', 'before'] as const) : (['before', 'now'] as const)) {
        const sample = await sides[key].round({ maxOps: ops, maxMs: UNLIMITED_MS });
        usPerOp[key].push((sample.elapsedMs * 1000) / sample.ops);
      }
    }
    for (const side of Object.values(sides)) await side.check();
  } finally {
    await now.close();
    await before?.close();
  }
  const line = (label: string, values: number[], unit: string) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = `${percentileSorted(sorted, 25).toFixed(3)}-${percentileSorted(sorted, 75).toFixed(3)}`;
    return `${label.padEnd(24)} ${median(values).toFixed(3)}${unit}  (middle half ${middle})\n`;
  };
  process.stdout.write(line('now, µs/op', usPerOp.now, ''));
  process.stdout.write(line('before, µs/op', usPerOp.before, ''));
  process.stdout.write(line('now ÷ before, per round', ratios(usPerOp.now, usPerOp.before), '×'));
}

// ---- driver side -------------------------------------------------------------------------

async function drive(args: ToolArgs): Promise<void> {
  const ref = args.value('before');
  if (ref === undefined || args.positional.length !== 2) {
    throw new Error('usage: ab-rounds.ts <suite> <contender> --before=<git ref> [--rounds=N] [--ops=N] [--warmup=N]');
  }
  const dir = mkdtempSync(join(tmpdir(), 'ab-rounds-'));
  const tree = checkOutBefore(ref, dir);
  try {
    const now = await bundleOwnSources(__filename, join(dir, 'now.cjs'));
    // This very file and the payload, built against the earlier packages and suites.
    const entry = tree.place('bench/src/tools/ab-rounds.ts');
    tree.place('bench/src/tools/before-tree.ts');
    tree.place('bench/src/harness/tool-args.ts');
    tree.place('bench/src/tools/bundle-own.ts');
    tree.place('bench/src/tools/in-process-contender.ts');
    tree.place('bench/src/payload.ts');
    const before = await bundleOwnSources(entry, join(dir, 'before.cjs'));
    process.stdout.write(`before: ${tree.commit}\n`);
    const nodePath = [join(REPO, 'node_modules'), join(REPO, 'bench/node_modules')].join(':');
    const child = spawnSync(process.execPath, [now, 'child', before, ...args.args], {
      stdio: 'inherit',
      env: { ...process.env, NODE_PATH: nodePath },
    });
    if (child.status !== 0) process.exitCode = 1;
  } finally {
    tree.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [mode, beforeBundle] = process.argv.slice(2);
  if (mode === 'child' && beforeBundle !== undefined) {
    alternate(beforeBundle, new ToolArgs(process.argv.slice(4))).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
      },
    );
  } else {
    drive(new ToolArgs()).catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
  }
}
