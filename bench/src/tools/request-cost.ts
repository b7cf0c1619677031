/**
 * Server instructions per HTTP request, independent of machine load: each app runs alone in a
 * server process under `valgrind --tool=callgrind`; this process (not measured) is the load
 * generator. After a warm-up the server's counters are zeroed (`callgrind_control -z <pid>`),
 * `--requests` requests are sent, and the counters are dumped (`-d`): the dump's total divided
 * by the count is the server's instructions per request (JIT code, Node's C++, the kernel
 * entry points excluded; GC and compiler threads included).
 *
 * Run from bench/ (needs valgrind; the server is bundled with esbuild first, so that no
 * TypeScript loader runs under valgrind):
 *   node --import tsx src/tools/request-cost.ts [app ...] [--requests=1000] [--warmup=20000] [--before=<ref>]
 * Apps: bare, hand, hand-hash, memory, sqlite, signed, none, untouched, es-memory (express-session
 * with its MemoryStore), and on Express 5 ex-none, ex-noop (one app.use that only calls next()),
 * ex-untouched, ex-memory, ex-es-memory (default: all).
 *
 * The server runs with V8's `--predictable` (one thread, no wall-clock heuristics): counts then
 * agree within about 1% whatever else the machine is doing (the `none` app, whose request path
 * two builds share, gave 59,421 and 58,950 side by side). Without it, counts moved with machine
 * load (300k and 414k instructions/request for one build).
 *
 * `--before=<git ref>` checks that commit out beside this one (src/tools/before-tree.ts) and
 * builds this same script against its packages, then measures each app on both builds, one
 * after the other, and prints now / before: whether a change made requests dearer.
 * `none` and `untouched` send a session cookie on every request to a handler that never reads
 * the session, without and with the session middleware.
 *
 * Per function: `RC_KEEP=1` keeps the callgrind outputs (their folder is printed), and
 * `RC_NODE_FLAGS="--predictable --perf-basic-prof"` makes each server write /tmp/perf-<pid>.map,
 * which names the JIT addresses in those outputs (callgrind_annotate shows them as 0x...).
 * `RC_VALGRIND_FLAGS="--cache-sim=yes --branch-sim=yes"` adds simulated cache misses and
 * mispredicted branches to the outputs (events I1mr, D1mr, Bcm, ...; about 2.5x slower): where
 * a server's time per request exceeds what its instructions explain.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { checkOutBefore } from './before-tree.js';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ToolArgs } from '../harness/tool-args.js';
import { APPS, type AppName, serve, UNTOUCHED } from './request-cost-apps.js';

const VISITORS = 100;
const IN_FLIGHT = 8;
const FIXED_COOKIE = 'sessionid=k3v9q2m8x4c7n1b6z5h0j2w8r4t6y1u3';

function bundle(entry: string, out: string): string {
  const esbuild = resolve(__dirname, '../../../node_modules/.bin/esbuild');
  execFileSync(esbuild, [
    entry,
    '--bundle',
    '--platform=node',
    '--format=cjs',
    '--conditions=@sessionkit/source',
    // Native or optional drivers stay outside the bundle (resolved through NODE_PATH).
    ...['better-sqlite3', 'knex', 'pg', 'mysql2', 'ioredis', 'redis', 'memcached'].map((m) => `--external:${m}`),
    '--log-level=warning',
    `--outfile=${out}`,
  ]);
  return out;
}

function startServer(
  file: string,
  app: AppName,
  cgOut: string,
): Promise<{ child: ChildProcess; port: number; log: () => string }> {
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${cgOut}`,
      ...(process.env.RC_VALGRIND_FLAGS ?? '').split(' ').filter(Boolean),
      process.execPath,
      // V8's predictable mode: one thread and no wall-clock heuristics, so compiler and GC work
      // lands at the same points in every run (with Node's helper threads, repeated runs of one
      // build differed by up to 25%; with --single-threaded alone, with the machine's load).
      // Their work is counted either way. RC_NODE_FLAGS replaces this.
      ...(process.env.RC_NODE_FLAGS ?? '--predictable').split(' ').filter(Boolean),
      file,
      'serve',
      app,
    ],
    {
      env: { ...process.env, NODE_PATH: resolve(__dirname, '../../../node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  return new Promise((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const port = /PORT (\d+)/.exec(chunk.toString());
      if (port !== null) done({ child, port: Number(port[1]), log: () => log });
    });
    child.on('exit', (code) => fail(new Error(`${app} server exited (${code}):\n${log.slice(-2000)}`)));
  });
}

interface Visitor {
  cookie: string | undefined;
  count: number;
}

/** `total` requests, IN_FLIGHT at a time, round-robin over the visitors; checks each answer. */
async function drive(port: number, app: AppName, visitors: Visitor[], total: number, agent: Agent): Promise<void> {
  let next = 0;
  const one = (visitor: Visitor): Promise<void> =>
    new Promise((done, fail) => {
      const untouched = UNTOUCHED.includes(app);
      const cookie = untouched && app !== 'bare' ? FIXED_COOKIE : visitor.cookie;
      const req = request(
        { host: '127.0.0.1', port, path: '/rw', agent, headers: cookie === undefined ? {} : { cookie } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => {
            const set = res.headers['set-cookie']?.[0];
            if (set !== undefined) visitor.cookie = set.slice(0, set.indexOf(';'));
            if (untouched) {
              if (body !== 'ok' || set !== undefined)
                return fail(new Error(`${app}: unexpected answer ${body} ${set}`));
            } else if (body !== String(visitor.count + 1)) {
              return fail(new Error(`${app}: expected ${visitor.count + 1}, got ${body}`));
            }
            visitor.count += 1;
            done();
          });
        },
      );
      req.on('error', fail);
      req.end();
    });
  const lane = async (lane: number): Promise<void> => {
    // Each lane serves its own visitors, so no visitor has two requests in flight.
    const mine = visitors.filter((_, i) => i % IN_FLIGHT === lane);
    for (let turn = 0; next < total; turn++) {
      next += 1;
      await one(mine[turn % mine.length] as Visitor);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => lane(i)));
}

function dumpTotal(dir: string, pid: number): number {
  const files = readdirSync(dir).filter((f) => f.startsWith(`cg.${pid}.out.`));
  if (files.length !== 1) throw new Error(`expected one dump for ${pid}, found ${files.join(', ')}`);
  const text = readFileSync(join(dir, files[0] as string), 'utf8');
  const total = /^(?:summary|totals): (\d+)/m.exec(text);
  if (total === null) throw new Error('no total in the callgrind dump');
  return Number(total[1]);
}

async function measure(file: string, dir: string, app: AppName, warmup: number, requests: number): Promise<number> {
  const { child, port, log } = await startServer(file, app, join(dir, 'cg.%p.out'));
  const pid = child.pid as number;
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  try {
    const visitors: Visitor[] = Array.from({ length: VISITORS }, () => ({ cookie: undefined, count: 0 }));
    await drive(port, app, visitors, warmup, agent);
    // Always by pid: other callgrind runs on the machine must not be touched.
    execFileSync('callgrind_control', ['-z', String(pid)], { stdio: 'ignore' });
    await drive(port, app, visitors, requests, agent);
    execFileSync('callgrind_control', ['-d', String(pid)], { stdio: 'ignore' });
    return dumpTotal(dir, pid) / requests;
  } catch (error) {
    await new Promise((done) => setTimeout(done, 2000));
    throw new Error(`${app}: ${String(error)}; server says:\n${log().slice(-3000)}`);
  } finally {
    await new Promise<void>((done) => {
      const req = request({ host: '127.0.0.1', port, path: '/exit', agent }, (res) => res.resume().on('end', done));
      req.on('error', () => done());
      req.end();
    });
    agent.destroy();
    await new Promise((done) => (child.exitCode === null ? child.on('exit', done) : done(null)));
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === 'serve') return serve(args[1] as AppName);
  const cli = new ToolArgs(args);
  const requests = Number(cli.value('requests') ?? 1000);
  // Steady state: counts fall by 15% between 3,000 and 20,000 warm-up requests (V8 still tiering up).
  const warmup = Number(cli.value('warmup') ?? 20_000);
  const beforeRef = cli.value('before');
  const picked = args.filter((a) => !a.startsWith('--')) as AppName[];
  for (const app of picked) if (!APPS.includes(app)) throw new Error(`unknown app ${app}; one of ${APPS.join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'request-cost-'));
  const before = beforeRef === undefined ? undefined : checkOutBefore(beforeRef, dir);
  try {
    const builds: Array<[string, string]> = [['now', bundle(__filename, join(dir, 'now.cjs'))]];
    if (before !== undefined) {
      // This very script, built against the earlier packages.
      const entry = before.place('bench/src/tools/request-cost.ts');
      before.place('bench/src/tools/before-tree.ts');
      before.place('bench/src/tools/request-cost-apps.ts');
      before.place('bench/src/payload.ts');
      builds.push(['before', bundle(entry, join(dir, 'before.cjs'))]);
      process.stdout.write(`before: ${before.commit}\n`);
    }
    const results = new Map<string, number>();
    for (const app of picked.length > 0 ? picked : APPS) {
      for (const [build, file] of builds) {
        const perRequest = await measure(file, dir, app, warmup, requests);
        results.set(`${app} ${build}`, perRequest);
        const name = before === undefined ? app : `${app} (${build})`;
        process.stdout.write(
          `${name.padEnd(20)} ${Math.round(perRequest).toLocaleString('en').padStart(10)} instructions/request\n`,
        );
      }
    }
    report(results, before !== undefined);
  } finally {
    before?.remove();
    if (process.env.RC_KEEP === '1') process.stdout.write(`callgrind outputs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The ratios: to the hand-written app, untouched to none, and now to before. */
function report(results: Map<string, number>, compared: boolean): void {
  const hand = results.get('hand now');
  for (const [name, value] of results) {
    if (hand !== undefined && name.endsWith(' now'))
      process.stdout.write(`${name.slice(0, -4).padEnd(10)} ${(hand / value).toFixed(2)}× hand\n`);
  }
  for (const [app, base] of [
    ['untouched', 'none'],
    ['ex-untouched', 'ex-none'],
    ['ex-noop', 'ex-none'],
  ]) {
    const [mine, theirs] = [results.get(`${app} now`), results.get(`${base} now`)];
    if (mine !== undefined && theirs !== undefined)
      process.stdout.write(`${app} / ${base}: ${(mine / theirs).toFixed(3)}\n`);
  }
  if (!compared) return;
  for (const [name, value] of results) {
    const earlier = name.endsWith(' now') ? results.get(`${name.slice(0, -4)} before`) : undefined;
    if (earlier !== undefined)
      process.stdout.write(`${name.slice(0, -4).padEnd(10)} now / before: ${(value / earlier).toFixed(3)}\n`);
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
