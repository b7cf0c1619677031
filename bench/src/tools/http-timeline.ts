/**
 * Round-by-round CPU cost of one HTTP app, to show that the HTTP suites measure steady state.
 *
 *   cd bench && node --expose-gc --conditions=@sessionkit/source --import tsx src/tools/http-timeline.ts \
 *     [app id, default ours-memory] [node|express] [--rounds=20] [--ms=400] [--gc] [--trace-deopt] [--vs-shared]
 *
 * Default: the app's server in a process of its own (as in the suites), driven by the load
 * generator in rounds; per round, requests/s and the server process's CPU µs per request.
 * --gc          a full GC in the server process before every round (what the runner used to do)
 * --trace-deopt the server runs with --trace-deopt; per round, how many optimised functions were
 *               thrown away ("marking dependent code … for deoptimization") and how many of those
 *               for "weak objects" (a full GC clearing what optimised code depended on)
 * --vs-shared   alternates rounds of the app alone in its process with rounds of the same app in
 *               this process next to every other read+write app (each warmed first): what sharing
 *               one process, as the bench used to, changes (same load, same moments)
 * --server-flags="--trace-gc --trace-pretenuring-statistics"
 *               extra node flags for the server process (its output goes to this stdout)
 * --save        also writes the output to results/timeline-<app>[-gc][-deopt][-vs-shared].txt
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Loadgen } from '../http/driver.js';
import { type ServerHost, startHost } from '../http/hosting.js';
import { type AppRef, buildApp, HTTP_APPS, type HttpAppId } from '../http/registry.js';
import { measureRound, openConnections, WARMUP_MS, WARMUP_REQUESTS } from '../http/suite.js';
import { median } from '../harness/stats.js';
import { removeWorkdir } from '../workdir.js';
import { runMain } from '../harness/run-main.js';
import { ToolArgs } from '../harness/tool-args.js';

const cli = new ToolArgs();
const { args, positional } = cli;
const flag = (name: string): boolean => cli.flag(name);
const num = (name: string, fallback: number): number => cli.num(name, fallback);

const CROWD: HttpAppId[] = [
  'bare-rw',
  'hand-memory',
  'hand-sqlite',
  'hand-signed-cookie',
  'ours-memory',
  'express-session-memory',
  'ours-sqlite',
  'express-session-sqlite',
  'ours-signed-cookie',
  'cookie-session',
];

interface Driven {
  label: string;
  host: ServerHost;
  round(ms: number): Promise<{ ops: number; reqPerSec: number; cpuPerReq: number }>;
}

async function drive(loadgen: Loadgen, ref: AppRef, host: ServerHost, label: string): Promise<Driven> {
  const app = buildApp(ref);
  const target = `${label}/${app.name}`;
  await openConnections(loadgen, app, target, host.port);
  return {
    label,
    host,
    async round(ms) {
      const result = await measureRound(loadgen, host, target, app.path, { maxOps: 10_000_000, maxMs: ms });
      return {
        ops: result.ops,
        reqPerSec: (result.ops / result.elapsedMs) * 1000,
        cpuPerReq: result.cpuUs / result.ops,
      };
    },
  };
}

async function main(): Promise<void> {
  const id = (positional[0] ?? 'ours-memory') as HttpAppId;
  if (!(id in HTTP_APPS)) throw new Error(`unknown app ${id}: ${Object.keys(HTTP_APPS).join(', ')}`);
  const framework = positional[1] === 'express' ? 'express' : 'node';
  const ref: AppRef = { id, framework };
  const rounds = num('rounds', 20);
  const ms = num('ms', 400);
  const loadgen = new Loadgen();
  const hosts: ServerHost[] = [];
  const lines: string[] = [
    `# src/tools/http-timeline.ts ${args.join(' ')}; ${new Date().toISOString()}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  ];
  const out = (line: string): void => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    let deopts = 0;
    let weak = 0;
    const traced = flag('trace-deopt');
    const serverFlags = cli.value('server-flags');
    const extra = serverFlags === undefined ? [] : serverFlags.split(' ').filter(Boolean);
    const host = await startHost(
      ref,
      'process',
      traced
        ? {
            extraExecArgv: ['--trace-deopt', ...extra],
            onStdout(chunk) {
              for (const line of chunk.split('\n')) {
                if (!/marking dependent code/.test(line)) continue;
                deopts++;
                if (/weak.objects/i.test(line)) weak++;
              }
            },
          }
        : { extraExecArgv: extra },
    );
    hosts.push(host);
    const alone = await drive(loadgen, ref, host, 'alone');
    out(`${buildApp(ref).name} on ${framework}: ${loadgen.placement}; ${rounds} rounds of ${ms} ms`);
    if (flag('vs-shared')) {
      const sharedHost = await startHost(ref, 'shared');
      hosts.push(sharedHost);
      const shared = await drive(loadgen, ref, sharedHost, 'shared');
      for (const other of CROWD.filter((c) => c !== id)) {
        const otherRef: AppRef = { id: other, framework };
        const otherHost = await startHost(otherRef, 'shared');
        hosts.push(otherHost);
        await (await drive(loadgen, otherRef, otherHost, 'crowd')).round(ms);
      }
      // Both warmed as the suites warm a server (WARMUP_REQUESTS, at least WARMUP_MS) before comparing.
      for (const d of [alone, shared]) {
        const start = Date.now();
        for (let n = 0; n < WARMUP_REQUESTS || Date.now() - start < WARMUP_MS; ) n += (await d.round(250)).ops;
      }
      const ratios: number[] = [];
      out('round  alone: req/s  CPU µs/req   shared: req/s  CPU µs/req');
      for (let r = 1; r <= rounds; r++) {
        const order = r % 2 === 0 ? [alone, shared] : [shared, alone];
        const got = new Map<string, { ops: number; reqPerSec: number; cpuPerReq: number }>();
        for (const d of order) got.set(d.label, await d.round(ms));
        const a = got.get('alone') as { reqPerSec: number; cpuPerReq: number };
        const s = got.get('shared') as { reqPerSec: number; cpuPerReq: number };
        ratios.push(s.cpuPerReq / a.cpuPerReq);
        out(
          `${String(r).padStart(5)}  ${a.reqPerSec.toFixed(0).padStart(12)}  ${a.cpuPerReq.toFixed(1).padStart(10)}   ${s.reqPerSec.toFixed(0).padStart(13)}  ${s.cpuPerReq.toFixed(1).padStart(10)}`,
        );
      }
      out(`shared ÷ alone, CPU µs per request: median ${median(ratios).toFixed(3)}×`);
      return;
    }
    const gc = flag('gc');
    out(
      `round  req/s  CPU µs/req${traced ? '  deopts (weak objects)' : ''}${gc ? '   [full GC before each round]' : ''}`,
    );
    const cpu: number[] = [];
    for (let r = 1; r <= rounds; r++) {
      const [d0, w0] = [deopts, weak];
      if (gc) await host.gc();
      const { reqPerSec, cpuPerReq } = await alone.round(ms);
      cpu.push(cpuPerReq);
      out(
        `${String(r).padStart(5)}  ${reqPerSec.toFixed(0).padStart(5)}  ${cpuPerReq.toFixed(1).padStart(10)}${traced ? `  ${String(deopts - d0).padStart(6)} (${weak - w0})` : ''}`,
      );
    }
    out(
      `median CPU µs/req: rounds 1-3 ${median(cpu.slice(0, 3)).toFixed(1)}, rounds 4-${rounds} ${median(cpu.slice(3)).toFixed(1)}`,
    );
  } finally {
    if (flag('save')) {
      const suffix = ['gc', 'trace-deopt', 'vs-shared'].filter(flag).map((f) => `-${f.replace('trace-', '')}`);
      writeFileSync(
        join(__dirname, '..', '..', 'results', `timeline-${id}${suffix.join('')}.txt`),
        `${lines.join('\n')}\n`,
      );
    }
    for (const host of hosts) await host.close().catch(() => {});
    loadgen.stop();
    removeWorkdir();
  }
}

runMain(main);
