import assert from 'node:assert/strict';
import { describeError, sleep } from '../assertions.js';
import type { CaseGroup } from '../case.js';
import { allOf, clearingUnnecessary, clearsExpired, injectedClock, nativeTtl } from '../conditions.js';
import { clearExpiredAbortCases } from './abort-and-close.js';
import { BATCH_SIZE, EXPIRED_COUNT, seedExpiredAndLive } from './clear-expired-seed.js';
import { realTimeSpan } from './expiry-real-time.js';

/** Records of the real-time case that expire by the store's clock (more than one batch of BATCH_SIZE). */
const REAL_TIME_EXPIRED = 3;

/** clearExpired (Django's clearsessions): exact counts, bounded batches, live records untouched. */
export const clearExpiredGroup: CaseGroup = {
  name: 'clearExpired',
  cases: [
    {
      name: 'test_clearsessions_command',
      when: allOf(clearsExpired, injectedClock),
      async run({ session, engine }) {
        const live = session();
        await live.set('foo', 'bar');
        await live.setExpiry(3600);
        await live.save();
        const dead = session();
        await dead.set('foo', 'bar');
        await dead.setExpiry(-3600);
        await dead.save();
        assert.equal(await engine.clearExpired(), 1, 'clearsessions must remove exactly the one expired session');
        assert.equal(await session(live.key).get('foo'), 'bar', 'the live session survives');
      },
    },
    {
      name: 'clearExpired: removes exactly the expired records, in batches, reporting progress',
      when: allOf(clearsExpired, injectedClock),
      async run(context) {
        const { engine } = context;
        const live = await seedExpiredAndLive(context);
        const progress: number[] = [];
        const removed = await engine.clearExpired({ batchSize: BATCH_SIZE, onProgress: (n) => progress.push(n) });
        assert.equal(removed, EXPIRED_COUNT, 'clearExpired must resolve to the number of expired records removed');
        assertProgress(progress, EXPIRED_COUNT);
        for (const key of live) assert.ok(await engine.load(key), 'a live record survives, even with 1 ms left');
        assert.equal(await engine.clearExpired(), 0, 'a second run finds nothing');
      },
    },
    {
      name: 'clearExpired: an already aborted signal removes nothing',
      when: allOf(clearsExpired, injectedClock),
      async run(context) {
        await seedExpiredAndLive(context);
        const controller = new AbortController();
        controller.abort();
        await context.engine.clearExpired({ batchSize: BATCH_SIZE, signal: controller.signal }).catch(() => 0);
        assert.equal(await context.engine.clearExpired(), EXPIRED_COUNT, 'everything was left for the next run');
      },
    },
    {
      name: 'clearExpired: aborting during a run stops it after the current batch',
      when: allOf(clearsExpired, injectedClock),
      async run(context) {
        await seedExpiredAndLive(context);
        const controller = new AbortController();
        const options = { batchSize: BATCH_SIZE, signal: controller.signal, onProgress: () => controller.abort() };
        await context.engine.clearExpired(options).catch(() => 0);
        const rest = await context.engine.clearExpired();
        assert.ok(rest < EXPIRED_COUNT, `the first batch was removed (${rest} left)`);
        assert.ok(rest >= EXPIRED_COUNT - BATCH_SIZE, `no more than one batch was removed (${rest} left)`);
      },
    },
    {
      name: 'clearExpired (real time): removes exactly the expired records and no live one; an aborted signal removes nothing',
      when: allOf(clearsExpired, nativeTtl),
      async run({ engine, clock, seed, capabilities }) {
        const { lifeMs, waitMs } = realTimeSpan(capabilities);
        clock.set(Date.now());
        for (let i = 0; i < REAL_TIME_EXPIRED; i++) await seed({ doomed: i }, lifeMs);
        const live = [await seed({ live: 'by an hour' }), await seed({ live: 'by two hours' }, 7_200_000)];
        await sleep(waitMs);
        const controller = new AbortController();
        const reason = new Error('conformance abort reason');
        controller.abort(reason);
        const aborted = await engine.clearExpired({ signal: controller.signal }).then(
          (removed) => `resolved to ${removed}`,
          (error: unknown) => error,
        );
        assert.equal(
          aborted,
          reason,
          `an already aborted clearExpired must reject with signal.reason, got ${typeof aborted === 'string' ? aborted : describeError(aborted)}`,
        );
        const progress: number[] = [];
        const removed = await engine.clearExpired({ batchSize: BATCH_SIZE, onProgress: (n) => progress.push(n) });
        assert.equal(
          removed,
          REAL_TIME_EXPIRED,
          `clearExpired ${waitMs} ms after ${REAL_TIME_EXPIRED} records of a ${lifeMs} ms life must remove exactly those (an aborted run before removes nothing), never a live one`,
        );
        assertProgress(progress, REAL_TIME_EXPIRED);
        for (const key of live) assert.ok(await engine.load(key), 'a live record survives clearExpired');
        assert.equal(await engine.clearExpired(), 0, 'a second run finds nothing');
      },
    },
    {
      name: 'clearExpired: where unnecessary it is a no-op resolving to 0',
      when: clearingUnnecessary,
      async run({ engine, seed }) {
        const key = await seed({ a: 1 });
        assert.equal(await engine.clearExpired(), 0, 'clearExpired must resolve to 0 where clearing is unnecessary');
        assert.ok(await engine.load(key), 'the live record survives');
      },
    },
    ...clearExpiredAbortCases,
  ],
};

/** Running totals: never falling, at most one batch per step, ending at the total. */
function assertProgress(progress: readonly number[], total: number): void {
  assert.ok(progress.length > 0, 'onProgress must be called after a batch that removed records');
  let previous = 0;
  for (const value of progress) {
    // Only a batch that removed records is reported: every report is higher than the last.
    assert.ok(
      value > previous && value - previous <= BATCH_SIZE,
      `onProgress must report a running total that grows by at most one batch per call, got ${JSON.stringify(progress)}`,
    );
    previous = value;
  }
  assert.equal(previous, total, `onProgress must end at the total removed, got ${JSON.stringify(progress)}`);
  assert.ok(
    progress.length >= Math.ceil(total / BATCH_SIZE),
    `onProgress must be called after each batch, got ${JSON.stringify(progress)}`,
  );
}
