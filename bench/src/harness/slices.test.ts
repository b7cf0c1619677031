/**
 * The runner's interleaved rounds (slices.ts), on contenders that only record their calls:
 *   node --import tsx --test src/harness/slices.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureSuite } from './runner.js';
import { sliceRound } from './slices.js';
import type { Budget, Contender, SuiteSpec } from './types.js';

test('a round is cut into slices of about sliceMs, splitting its budget', () => {
  assert.deepEqual(sliceRound({ maxOps: 20_000, maxMs: 500 }, 50), {
    slices: 10,
    budget: { maxOps: 2_000, maxMs: 50 },
  });
  // One slice is the round's own budget, unchanged (an HTTP contender tells its warm-up budget by identity).
  const whole = { maxOps: 20_000, maxMs: 500 };
  assert.deepEqual(sliceRound(whole, 0), { slices: 1, budget: whole });
  assert.equal(sliceRound(whole, 0).budget, whole);
  // Never fewer than one slice, however short the round.
  assert.equal(sliceRound({ maxOps: 10, maxMs: 20 }, 50).slices, 1);
});

/** A contender that does `ops` operations in `ms` per call and logs each call. */
function recorder(name: string, group: Contender['group'], calls: string[], opsPerMs: number): Contender {
  return {
    name,
    group,
    check: async () => {},
    round: async (budget: Budget) => {
      calls.push(`${name}:${budget.maxMs}`);
      const ops = Math.min(budget.maxOps, budget.maxMs * opsPerMs);
      return { ops, elapsedMs: budget.maxMs, latenciesUs: new Float64Array(ops).fill(1000 / opsPerMs) };
    },
  };
}

function spec(contenders: Contender[]): SuiteSpec {
  return {
    id: 'fake',
    title: 'fake',
    unit: 'op',
    description: '',
    rounds: 2,
    budget: { maxOps: 1_000_000, maxMs: 100 },
    warmup: { maxOps: 1_000_000, maxMs: 7 },
    contenders,
  };
}

test('measured rounds take turns slice by slice; each round adds up its slices', async () => {
  const calls: string[] = [];
  const suite = spec([recorder('a', 'limit', calls, 2), recorder('b', 'ours', calls, 1)]);
  const samples = await measureSuite(suite, { log: () => {}, sliceMs: 25 });
  // Warm-up: the warmup budget, then one whole round each (unmeasured); then 2 rounds × 4 turns.
  assert.deepEqual(calls.slice(0, 4), ['a:7', 'b:7', 'a:100', 'b:100']);
  const measured = calls.slice(4);
  assert.equal(measured.length, 2 * 4 * 2);
  assert.ok(measured.every((call) => call.endsWith(':25')));
  // Each turn runs every contender once.
  for (let i = 0; i < measured.length; i += 2) {
    assert.deepEqual([measured[i], measured[i + 1]].sort(), ['a:25', 'b:25']);
  }
  const [a, b] = samples.contenders;
  assert.deepEqual(a?.roundOpsPerSec, [2000, 2000]);
  assert.deepEqual(b?.roundOpsPerSec, [1000, 1000]);
  // Every slice's latencies are kept: 4 turns × 25 ms × 2 ops/ms × 2 rounds.
  assert.equal(a?.latenciesUs.length, 400);
});

test('without slices each contender runs its whole round at once', async () => {
  const calls: string[] = [];
  await measureSuite(spec([recorder('a', 'limit', calls, 1), recorder('b', 'ours', calls, 1)]), { log: () => {} });
  assert.deepEqual(calls.slice(4).sort(), ['a:100', 'a:100', 'b:100', 'b:100']);
});

test('a contender that fails in a slice is left out of the round and the rest', async () => {
  const calls: string[] = [];
  const failing = recorder('b', 'ours', calls, 1);
  let turns = 0;
  const round = failing.round;
  failing.round = async (budget) => {
    if (budget.maxMs === 25 && ++turns === 3) throw new Error('lost the server');
    return round(budget);
  };
  const samples = await measureSuite(spec([recorder('a', 'limit', calls, 1), failing]), {
    log: () => {},
    sliceMs: 25,
  });
  const b = samples.contenders.find((c) => c.name === 'b');
  assert.match(b?.error ?? '', /round 1: lost the server/);
  assert.deepEqual(b?.roundOpsPerSec, []);
  assert.equal(samples.contenders.find((c) => c.name === 'a')?.roundOpsPerSec.length, 2);
});
