// The load process: forked by the designs, so load and server do not share an event loop.
// Receives one LoadPlan over IPC, answers one LoadResult, exits.
import { randomBytes } from 'node:crypto';
import type { LoadPlan, LoadResult, RaceOutcome, Sample } from './load-protocol';

const COOKIE = /^sessionid=([^;]*)/;

interface Answer {
  status: number;
  cookie: string | null | undefined; // undefined: no Set-Cookie; null: deleted
  seed: string | null;
}

async function call(url: string, method: string, cookie: string | null, timeoutMs: number): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method,
      headers: cookie === null ? {} : { cookie: `sessionid=${cookie}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    const line = res.headers.getSetCookie().find((value) => value.startsWith('sessionid='));
    const value = line === undefined ? undefined : (COOKIE.exec(line)?.[1] ?? '');
    return {
      status: res.status,
      cookie: value === undefined ? undefined : value === '' || /Max-Age=0/.test(line ?? '') ? null : value,
      seed: res.headers.get('x-seed'),
    };
  } catch {
    return { status: 0, cookie: undefined, seed: null };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function mixed(plan: LoadPlan, c: number, samples: Sample[]): Promise<string | null> {
  const base = plan.urls[c % plan.urls.length] as string;
  let cookie: string | null = null;
  for (let i = 0; i < plan.perClient; i++) {
    const roll = Math.random();
    const big = roll < (plan.bigRatio ?? 0);
    const write = i === 0 || big || roll < (plan.writeRatio ?? 0.3);
    const id = `${c}_${i}`;
    const path = big ? '/big' : write ? `/w?id=${id}` : '/r';
    const t0 = Date.now();
    const answer = await call(`${base}${path}`, write ? 'POST' : 'GET', cookie, plan.timeoutMs);
    samples.push({ client: c, kind: big ? 'big' : write ? 'w' : 'r', id, t0, t1: Date.now(), status: answer.status });
    if (answer.cookie !== undefined) cookie = answer.cookie;
    if (plan.paceMs) await sleep(plan.paceMs);
  }
  return cookie;
}

async function unknown(plan: LoadPlan, c: number, samples: Sample[]): Promise<void> {
  const base = plan.urls[c % plan.urls.length] as string;
  const logouts = Math.floor((plan.logouts ?? 0) / plan.clients);
  for (let i = 0; i < plan.perClient + logouts; i++) {
    const logout = i >= plan.perClient;
    const t0 = Date.now();
    const cookie = logout ? null : randomBytes(16).toString('hex');
    const answer = await call(`${base}${logout ? '/logout' : '/r'}`, logout ? 'POST' : 'GET', cookie, plan.timeoutMs);
    samples.push({ client: c, kind: logout ? 'x' : 'r', t0, t1: Date.now(), status: answer.status });
  }
}

async function race(plan: LoadPlan, c: number, samples: Sample[], races: RaceOutcome[]): Promise<void> {
  const base = plan.urls[c % plan.urls.length] as string;
  for (let i = 0; i < plan.perClient; i++) {
    const made = await call(`${base}/w?id=${c}_${i}`, 'POST', null, plan.timeoutMs);
    if (typeof made.cookie !== 'string') continue;
    const oldCookie = made.cookie;
    const t0 = Date.now();
    const slow = call(`${base}/slow-write?id=late_${c}_${i}&ms=200`, 'POST', oldCookie, plan.timeoutMs);
    await sleep(50);
    const logout = await call(`${base}/logout`, 'POST', oldCookie, plan.timeoutMs);
    samples.push({ client: c, kind: 'x', t0, t1: Date.now(), status: logout.status });
    const answer = await slow;
    samples.push({ client: c, kind: 'slow', t0, t1: Date.now(), status: answer.status });
    races.push({ oldCookie, slowStatus: answer.status, slowSetCookie: answer.cookie ?? null });
  }
}

async function presets(plan: LoadPlan, c: number, samples: Sample[]): Promise<void> {
  const base = plan.urls[c % plan.urls.length] as string;
  const list = plan.presets ?? [];
  const until = Date.now() + (plan.durationMs ?? 5000);
  while (Date.now() < until) {
    const preset = list[Math.floor(Math.random() * list.length)];
    if (preset === undefined) return;
    const t0 = Date.now();
    const answer = await call(`${base}/r`, 'GET', preset.cookie, plan.timeoutMs);
    const wrong = answer.status === 200 && (answer.seed === 'true') !== preset.live;
    samples.push({ client: c, kind: 'r', t0, t1: Date.now(), status: answer.status, wrong });
    if (plan.paceMs) await sleep(plan.paceMs);
  }
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const samples: Sample[] = [];
  const races: RaceOutcome[] = [];
  const clients = Array.from({ length: plan.clients }, (_, c) => {
    switch (plan.kind) {
      case 'mixed':
        return mixed(plan, c, samples);
      case 'unknown':
        return unknown(plan, c, samples).then(() => null);
      case 'race':
        return race(plan, c, samples, races).then(() => null);
      default:
        return presets(plan, c, samples).then(() => null);
    }
  });
  const finalCookies = await Promise.all(clients);
  return { samples, finalCookies, races };
}

// One result per plan; the parent may send a warm-up plan first. It kills this process when done.
process.on('message', (plan: LoadPlan) => {
  run(plan).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      process.stderr.write(`load process failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
});
process.send?.('ready');
