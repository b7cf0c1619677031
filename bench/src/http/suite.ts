import { ok, strictEqual } from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { Budget, Contender, RoundSample, SuiteSpec } from '../harness/types.js';
import { Connection, type LoadResult } from './client.js';
import type { Loadgen } from './driver.js';
import { FIXED_COOKIE, type HttpApp } from './apps.js';
import { type Hosting, type ServerHost, startHost } from './hosting.js';
import { type AppRef, buildApp } from './registry.js';

/** Keep-alive connections per contender: enough to keep one server core busy, bounded. */
export const CONNECTIONS = 8;

/** Opens the load generator's keep-alive connections to `app`, as each of its visitors would arrive. */
export async function openConnections(loadgen: Loadgen, app: HttpApp, target: string, port: number): Promise<void> {
  await loadgen.request({
    type: 'open',
    target,
    port,
    connections: CONNECTIONS,
    // The limit gets the same requests as ours: a visitor's browser sends its cookie to every app.
    cookie: app.kind === 'readwrite' ? undefined : FIXED_COOKIE,
    warmPath: app.kind === 'readwrite' ? app.path : undefined,
  });
}

/**
 * One measured round of `target` (its connections opened by `openConnections`): what the load
 * generator got and the CPU the server process spent meanwhile. Any failed request fails the round.
 */
export async function measureRound(
  loadgen: Loadgen,
  host: ServerHost,
  target: string,
  path: string,
  budget: Budget,
): Promise<RoundSample & { cpuUs: number }> {
  const cpuBefore = await host.cpuUs();
  const result = await loadgen.request<LoadResult>({
    type: 'round',
    target,
    path,
    maxRequests: budget.maxOps,
    maxMs: budget.maxMs,
  });
  const cpuUs = (await host.cpuUs()) - cpuBefore;
  if (result.errors > 0) throw new Error(`${result.errors} failed requests, first: ${result.firstError}`);
  return { ops: result.ops, elapsedMs: result.elapsedMs, latenciesUs: result.latenciesUs, cpuUs };
}

/** The round-trip check, from this process over a fresh connection. */
async function checkApp(app: HttpApp, host: ServerHost): Promise<void> {
  const port = host.port;
  const connection = await Connection.open(port);
  try {
    if (app.kind === 'readwrite') {
      const first = await connection.get(app.path);
      strictEqual(first.status, 200, `${app.name}: ${first.body.slice(0, 200)}`);
      strictEqual(first.body, '1', `${app.name}: a new visitor's first count`);
      ok(connection.jar.size > 0, `${app.name}: no session cookie was set`);
      const second = await connection.get(app.path);
      strictEqual(second.body, '2', `${app.name}: the session did not carry the count to the next request`);
    } else {
      const eq = FIXED_COOKIE.indexOf('=');
      connection.jar.set(FIXED_COOKIE.slice(0, eq), FIXED_COOKIE.slice(eq + 1));
      const response = await connection.get(app.path);
      strictEqual(response.status, 200, `${app.name}: ${response.body.slice(0, 200)}`);
      strictEqual(response.body, 'ok');
      if (app.kind === 'untouched')
        strictEqual(response.setCookies.length, 0, `${app.name}: an untouched request set a cookie`);
    }
  } finally {
    connection.close();
  }
  await host.check();
}

/**
 * One app as a contender: its server in a process of its own (or this one, `shared`), driven by
 * the load generator; CPU per request is the server process's own.
 */
export function httpContender(
  ref: AppRef | HttpApp,
  hosting: Hosting,
  loadgen: () => Loadgen,
  suiteId: string,
): Contender {
  // For a ref, here only for its name and shape: the host builds its own.
  const app = 'listen' in ref ? ref : buildApp(ref);
  let host: ServerHost | undefined;
  const target = `${suiteId}/${app.name}`;
  const live = (): ServerHost => {
    if (host === undefined) throw new Error(`${app.name}: no server`);
    return host;
  };
  const measure = (budget: Budget) => measureRound(loadgen(), live(), target, app.path, budget);
  return {
    name: app.name,
    group: app.group,
    note: app.note,
    async setup() {
      // The load generator first: starting it pins this process, and so every server forked after it.
      const generator = loadgen();
      host = await startHost(ref, hosting);
      await openConnections(generator, app, target, host.port);
    },
    check: () => checkApp(app, live()),
    async round(budget) {
      if (budget === WARM_UP) return warmUp(measure);
      await measure(LEAD_IN);
      return measure(budget);
    },
    async teardown() {
      await loadgen()
        .request({ type: 'close', target })
        .catch(() => {});
      await host?.close();
      host = undefined;
    },
  };
}

export interface HttpSuiteOptions {
  id: string;
  title: string;
  description: string;
  rounds: number;
  maxMs: number;
}

/**
 * Steady state (see README, "Steady state"): as in every suite, no forced GC and one unmeasured
 * round before the measured ones; before that, each server is warmed for WARMUP_MS after its check.
 */
export const WARMUP_MS = 1000;
/**
 * ... and for at least this many requests, at most WARMUP_MAX_MS. V8 compiles the hot code of
 * node's http internals and of the app with TurboFan over the first ~40,000 requests
 * (`--trace-opt`: about 130 functions for bare node:http, 170 with the session middleware, then
 * none), on a background thread whose CPU the server process is charged. Rounds measured
 * before that pay for compiling, the more so the more code the app runs.
 */
export const WARMUP_REQUESTS = 50_000;
const WARMUP_MAX_MS = 15_000;
/**
 * Before each round, this long of the same load, unmeasured. Between its rounds a server idles
 * while the others run (10-20 s), and after ~8 s without allocating V8's memory reducer shrinks
 * its heap, the young generation to 1 MB: the first requests after the gap then run with a
 * scavenge every ~10 ms, until the heap grows back, which a server under load never sees. It
 * costs the server that allocates more per request the more: src/tools/idle-rounds.ts, 8 s idle
 * after each 500 ms round, MemoryEngine against the same work by hand, median CPU per request
 * 0.45-0.67x with no lead-in (three runs), 0.93-0.98x with this one (two; README, "Steady state").
 */
export const LEAD_IN_MS = 500;
const LEAD_IN: Budget = { maxOps: 1_000_000, maxMs: LEAD_IN_MS };

/** The warm-up budget an HTTP suite gives the runner: the contender then warms by requests and time (warmUp). */
const WARM_UP: Budget = { maxOps: WARMUP_REQUESTS, maxMs: WARMUP_MS };

/** Rounds of 250 ms until both WARMUP_MS and WARMUP_REQUESTS are reached, or WARMUP_MAX_MS has passed. */
async function warmUp(round: (budget: Budget) => Promise<RoundSample>): Promise<RoundSample> {
  const start = performance.now();
  let ops = 0;
  let elapsed = 0;
  while (elapsed < WARMUP_MAX_MS && (elapsed < WARMUP_MS || ops < WARMUP_REQUESTS)) {
    ops += (await round({ maxOps: 1_000_000, maxMs: 250 })).ops;
    elapsed = performance.now() - start;
  }
  return { ops, elapsedMs: elapsed, latenciesUs: [] };
}

/** A suite of HTTP contenders sharing one load-generator child process, each server in its own process. */
export function httpSuite(
  apps: (AppRef | HttpApp)[],
  options: HttpSuiteOptions,
  loadgen: () => Loadgen,
  hosting: Hosting,
): SuiteSpec {
  return {
    id: options.id,
    title: options.title,
    unit: 'request',
    description: options.description,
    rounds: options.rounds,
    budget: { maxOps: 100_000, maxMs: options.maxMs },
    warmup: WARM_UP,
    contenders: apps.map((ref) => httpContender(ref, hosting, loadgen, options.id)),
  };
}
