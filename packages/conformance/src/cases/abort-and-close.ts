import assert from 'node:assert/strict';
import { ConfigError, EngineUnavailableError } from '@sessionkit/core';
import { describeError, expectError, expectUnavailable } from '../assertions.js';
import type { CaseContext, ConformanceCase } from '../case.js';
import { allOf, clearsExpired, hasHook, injectedClock } from '../conditions.js';
import { everyCall } from './every-call.js';
import { BATCH_SIZE, EXPIRED_COUNT, seedExpiredAndLive } from './clear-expired-seed.js';

/** How long close() may take while the store is down before the case calls it hung. */
const CLOSE_DEADLINE_MS = 5000;

/** A reason no engine could make up itself, so identity proves the rejection is `signal.reason`. */
function abortReason(): Error {
  return new Error('conformance abort reason');
}

async function rejection(operation: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await operation;
  } catch (error) {
    return error;
  }
  assert.fail(`${what}: must reject, but it resolved`);
}

/** Every method after close rejects with EngineUnavailableError. */
async function assertClosed(context: CaseContext, key: string, when: string): Promise<void> {
  for (const [method, call] of everyCall(context, key)) {
    await expectError(call(), EngineUnavailableError, `${method} ${when} must reject with EngineUnavailableError`);
  }
}

async function closeWithin(context: CaseContext, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), ms);
  });
  try {
    const outcome = await Promise.race([context.engine.close().then(() => 'closed' as const), hung]);
    assert.equal(outcome, 'closed', `close() must resolve within ${ms} ms even while the store is down`);
  } catch (error) {
    assert.fail(`close() must resolve even while the store is down, got ${describeError(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What a refused clearExpired must leave: expired and live records where the suite's clock decides
 * expiry; on the store's own clock only live ones, as expired ones would need a real wait.
 */
async function seedForRefusal(context: CaseContext): Promise<{ live: string[]; expired: number }> {
  if (context.capabilities.usesInjectedClock)
    return { live: await seedExpiredAndLive(context), expired: EXPIRED_COUNT };
  return { live: [await context.seed({ live: 'by an hour' })], expired: 0 };
}

async function assertNothingRemoved(context: CaseContext, seeded: { live: string[]; expired: number }, what: string) {
  const removed = await context.engine.clearExpired();
  assert.equal(
    removed,
    seeded.expired,
    `after ${what}, clearExpired() must remove exactly the ${seeded.expired} expired records: the refused call removes nothing, no call removes a live one`,
  );
  for (const key of seeded.live) assert.ok(await context.engine.load(key), `after ${what}, a live record survives`);
}

/** clearExpired aborts (settled answer 4) and close (settled answer 5). */
export const clearExpiredAbortCases: readonly ConformanceCase[] = [
  {
    name: 'clearExpired: a batchSize that is not a positive whole number rejects with ConfigError',
    // Needs no clock: on the store's own, only live records are seeded.
    when: clearsExpired,
    async run(context) {
      const seeded = await seedForRefusal(context);
      for (const batchSize of [0, -1, 1.5, Number.NaN]) {
        await expectError(
          context.engine.clearExpired({ batchSize }),
          ConfigError,
          `clearExpired with batchSize ${batchSize}`,
        );
      }
      await assertNothingRemoved(context, seeded, 'a refused batchSize');
    },
  },
  {
    name: 'clearExpired: an onProgress that is not a function rejects with ConfigError and removes nothing',
    when: clearsExpired,
    async run(context) {
      const seeded = await seedForRefusal(context);
      for (const onProgress of [42, 'log', {}]) {
        await expectError(
          // A JavaScript caller the types cannot stop.
          context.engine.clearExpired({ onProgress: onProgress as unknown as (removed: number) => void }),
          ConfigError,
          `clearExpired with onProgress ${JSON.stringify(onProgress)}`,
        );
      }
      await assertNothingRemoved(context, seeded, 'a refused onProgress');
    },
  },
  {
    name: 'clearExpired: an aborted signal, before or during a run, rejects with signal.reason',
    when: allOf(clearsExpired, injectedClock),
    async run(context) {
      await seedExpiredAndLive(context);
      const before = new AbortController();
      const early = abortReason();
      before.abort(early);
      const first = await rejection(context.engine.clearExpired({ signal: before.signal }), 'an already aborted run');
      assert.equal(
        first,
        early,
        `an already aborted clearExpired must reject with signal.reason, got ${describeError(first)}`,
      );
      const during = new AbortController();
      const late = abortReason();
      const options = { batchSize: BATCH_SIZE, signal: during.signal, onProgress: () => during.abort(late) };
      const second = await rejection(context.engine.clearExpired(options), 'a run aborted after its first batch');
      assert.equal(
        second,
        late,
        `clearExpired aborted mid-run must reject with signal.reason, got ${describeError(second)}`,
      );
    },
  },
  {
    name: 'clearExpired: records removed before an abort stay removed and were reported through onProgress',
    when: allOf(clearsExpired, injectedClock),
    async run(context) {
      await seedExpiredAndLive(context);
      const controller = new AbortController();
      let reported = 0;
      const onProgress = (removedSoFar: number) => {
        reported = removedSoFar;
        controller.abort(abortReason());
      };
      await rejection(
        context.engine.clearExpired({ batchSize: BATCH_SIZE, signal: controller.signal, onProgress }),
        'a run aborted after its first batch',
      );
      const rest = await context.engine.clearExpired();
      assert.equal(
        rest,
        EXPIRED_COUNT - reported,
        `onProgress reported ${reported} removed before the abort: exactly the other ${EXPIRED_COUNT - reported} must be left`,
      );
    },
  },
];

export const closeCases: readonly ConformanceCase[] = [
  {
    name: 'close: afterwards every call rejects with EngineUnavailableError',
    async run(context) {
      const key = await context.seed({ a: 1 });
      await context.engine.close();
      await assertClosed(context, key, 'after close()');
    },
  },
  {
    name: 'close: afterwards a call with arguments the engine would refuse still rejects with EngineUnavailableError',
    async run(context) {
      const { engine, record, freshKey, capabilities, clock } = context;
      const key = await context.seed({ a: 1 });
      await engine.close();
      // Data JSON cannot carry (SerializationError while open), then a key outside the rules
      // (CreateError/UpdateError while open): closed comes first, whatever the arguments.
      const unfaithful = record({ n: Number.NaN });
      const calls: [string, () => Promise<unknown>][] = [
        ['create with unfaithful data', () => engine.create(freshKey(), unfaithful)],
        ['update with unfaithful data', () => engine.update(key, unfaithful)],
      ];
      if (capabilities.storage === 'stored') {
        const outside = 'a/b/c/defgh';
        calls.push(['create under a key outside the rules', () => engine.create(outside, record({ a: 2 }))]);
        calls.push(['update under a key outside the rules', () => engine.update(outside, record({ a: 3 }))]);
        const touch = engine.touch?.bind(engine);
        if (touch !== undefined) {
          calls.push(['touch under a key outside the rules', () => touch(outside, new Date(clock.now() + 60_000))]);
        }
      }
      for (const [what, call] of calls) {
        await expectError(
          call(),
          EngineUnavailableError,
          `${what} after close() must reject with EngineUnavailableError`,
        );
      }
    },
  },
  {
    name: 'close: afterwards every call names itself in the EngineUnavailableError operation',
    async run(context) {
      const key = await context.seed({ a: 1 });
      await context.engine.close();
      for (const [method, call] of everyCall(context, key)) {
        await expectUnavailable(call(), method, `${method} after close()`);
      }
    },
  },
  {
    name: 'close: resolves while the store is down, stays idempotent, then every call rejects with EngineUnavailableError',
    when: hasHook('breakStore'),
    async run(context) {
      const key = await context.seed({ a: 1 });
      await context.hooks.breakStore?.();
      await closeWithin(context, CLOSE_DEADLINE_MS);
      await closeWithin(context, CLOSE_DEADLINE_MS);
      await assertClosed(context, key, 'after close() while the store was down');
    },
  },
];
