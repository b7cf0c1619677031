/**
 * Alternates rounds of HTTP apps, each server in a process of its own, with an idle gap after
 * each round: what a whole run does to a server between its rounds (it idles while the others run).
 *
 *   cd bench && node --expose-gc --conditions=@sessionkit/source --import tsx src/tools/idle-rounds.ts \
 *     hand-memory ours-memory [--rounds=4] [--ms=1000] [--idle=8000] [--every=1] [--warm=500] [--midgc] [--each]
 *     [--server-flags="--trace-gc"] [--show]
 *
 * Prints each app's server CPU µs per request, per measured round (one unmeasured round first).
 * --idle=ms     idle after every --every-th round (8000 reaches V8's memory reducer)
 * --warm=ms     an unmeasured round of that long before each measured one (after the idle gap)
 * --midgc       a full GC in each server a third into the first measured round, under load
 * --show        each server's stdout goes to /tmp/out-<app>.txt (with --server-flags="--trace-gc")
 */
import { appendFileSync, rmSync } from 'node:fs';
import { Loadgen } from '../http/driver.js';
import { startHost, type ServerHost } from '../http/hosting.js';
import { buildApp, HTTP_APPS, type HttpAppId } from '../http/registry.js';
import { measureRound, openConnections } from '../http/suite.js';
import { median } from '../harness/stats.js';
import { removeWorkdir } from '../workdir.js';
import { runMain } from '../harness/run-main.js';
import { ToolArgs } from '../harness/tool-args.js';

const cli = new ToolArgs();
const serverFlags = cli.value('server-flags') ?? '';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

runMain(async () => {
  const ids = cli.positional as HttpAppId[];
  for (const id of ids)
    if (!(id in HTTP_APPS)) throw new Error(`unknown app ${id}: ${Object.keys(HTTP_APPS).join(', ')}`);
  const [ms, idle, rounds, every, warm] = [
    cli.num('ms', 1000),
    cli.num('idle', 0),
    cli.num('rounds', 4),
    cli.num('every', 1),
    cli.num('warm', 0),
  ];
  const loadgen = new Loadgen();
  const servers: { id: HttpAppId; host: ServerHost; path: string; cpu: number[] }[] = [];
  try {
    for (const id of ids) {
      const outFile = `/tmp/out-${id}.txt`;
      rmSync(outFile, { force: true });
      const ref = { id, framework: 'node' as const };
      const host = await startHost(ref, 'process', {
        extraExecArgv: serverFlags.split(' ').filter(Boolean),
        onStdout: (chunk) => {
          if (cli.flag('show')) appendFileSync(outFile, chunk);
        },
      });
      const app = buildApp(ref);
      await openConnections(loadgen, app, id, host.port);
      servers.push({ id, host, path: app.path, cpu: [] });
    }
    for (let r = 0; r <= rounds; r++) {
      for (const server of r % 2 === 0 ? servers : [...servers].reverse()) {
        if (warm > 0) await measureRound(loadgen, server.host, server.id, server.path, { maxOps: 1e7, maxMs: warm });
        if (r === 1 && cli.flag('midgc')) setTimeout(() => void server.host.gc(), ms / 3);
        const result = await measureRound(loadgen, server.host, server.id, server.path, { maxOps: 1e7, maxMs: ms });
        const cpu = result.cpuUs / result.ops;
        if (r > 0) server.cpu.push(cpu);
        if (r > 0 && cli.flag('each')) process.stdout.write(`round ${r} ${server.id} ${cpu.toFixed(1)}\n`);
        if ((r + 1) % every === 0) await sleep(idle);
      }
    }
    for (const { id, cpu } of servers) {
      process.stdout.write(
        `${id.padEnd(24)} ${cpu.map((c) => c.toFixed(1)).join(' ')}  median ${median(cpu).toFixed(1)}\n`,
      );
    }
  } finally {
    for (const { host } of servers) await host.close().catch(() => {});
    loadgen.stop();
    removeWorkdir();
  }
});
