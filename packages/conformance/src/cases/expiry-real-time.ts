import assert from 'node:assert/strict';
import { type EngineCapabilities, UpdateError } from '@sessionkit/core';
import type { ConformanceCase } from '../case.js';
import { allOf, nativeTtl, stored } from '../conditions.js';
import { assertInstant, expectError, jsonCopy, sleep } from '../assertions.js';
import { SIXTY_DAYS_MS } from './expiry-clock.js';

const MIN_LIFE_MS = 250;
const SLACK_MS = 250;
const ONE_HOUR_MS = 3_600_000;
/**
 * The reads case needs a life longer than ttlResolutionMs + SLACK_MS plus a read step, so that a
 * read near its end that restarts the TTL (GETEX, gat) still outlives the final check.
 */
const READ_LIFE_MS = 400;
const READS = 8;

/**
 * The same edge cases for engines whose server enforces the TTL, with real waiting sized
 * by `ttlResolutionMs` (a few hundred ms for ms TTLs, a few seconds for second TTLs).
 */
export const realTimeExpiryCases: readonly ConformanceCase[] = [
  {
    name: 'expiry (real time): a record dies within ttlResolutionMs after expiresAt',
    when: nativeTtl,
    async run(context) {
      const { engine, clock, seed } = context;
      const { lifeMs, waitMs } = realTimeSpan(context.capabilities);
      clock.set(Date.now());
      const cookie = await seed({ a: 1 }, lifeMs);
      assert.ok(await engine.load(cookie), 'alive right after create');
      await sleep(waitMs);
      assert.equal(await engine.load(cookie), null, `dead ${waitMs} ms into a ${lifeMs} ms life`);
    },
  },
  {
    name: 'expiry (real time): an expiresAt already past never makes an immortal record',
    when: nativeTtl,
    async run(context) {
      const { engine, clock, record, freshKey } = context;
      clock.set(Date.now());
      const cookie = await engine.create(freshKey(), record({ a: 1 }, -1000));
      await sleep(context.capabilities.ttlResolutionMs + SLACK_MS);
      assert.equal(await engine.load(cookie), null, 'a record created with an expiry already past must not load');
    },
  },
  {
    name: 'expiry (real time): a 60-day life does not end at once (TTLs over 30 days are no timestamps)',
    when: nativeTtl,
    async run(context) {
      const { engine, clock, seed } = context;
      clock.set(Date.now());
      const cookie = await seed({ a: 1 }, SIXTY_DAYS_MS);
      await sleep(context.capabilities.ttlResolutionMs + SLACK_MS);
      assert.ok(await engine.load(cookie), 'still alive after the first TTL tick');
    },
  },
  {
    name: 'expiry (real time): update with an expiresAt already past ends the record',
    when: nativeTtl,
    async run(context) {
      const { engine, clock, record, seed } = context;
      clock.set(Date.now());
      const cookie = await seed({ a: 1 });
      const updated = await engine.update(cookie, record({ a: 2 }, -1000));
      await sleep(context.capabilities.ttlResolutionMs + SLACK_MS);
      assert.equal(await engine.load(updated), null, 'a record updated to an expiry already past must not load');
    },
  },
  {
    name: 'expiry (real time): update moves the expiry, later and earlier',
    when: nativeTtl,
    async run(context) {
      const { engine, clock, record, seed } = context;
      const { lifeMs, waitMs } = realTimeSpan(context.capabilities);
      clock.set(Date.now());
      // Two records on one wait: a short life made long, and a long life made short.
      const [longer, shorter] = await Promise.all([seed({ a: 1 }, lifeMs), seed({ b: 1 }, ONE_HOUR_MS)]);
      const [extended, shortened] = await Promise.all([
        engine.update(longer, record({ a: 2 }, ONE_HOUR_MS)),
        engine.update(shorter, record({ b: 2 }, lifeMs)),
      ]);
      await sleep(waitMs);
      const kept = await engine.load(extended);
      assert.ok(
        kept,
        `an update to a one-hour life must move the expiry: the record died with its old ${lifeMs} ms life (checked at ${waitMs} ms)`,
      );
      assert.deepEqual(jsonCopy(kept.data), { a: 2 }, 'the record loads as updated');
      assert.equal(
        await engine.load(shortened),
        null,
        `an update to a ${lifeMs} ms life must move the expiry: the record still loads ${waitMs} ms after it`,
      );
    },
  },
  {
    name: 'expiry (real time): reading a record does not extend its life',
    when: nativeTtl,
    async run(context) {
      const { engine, clock, seed, capabilities } = context;
      const { lifeMs, waitMs } = realTimeSpan(capabilities, READ_LIFE_MS);
      const start = Date.now();
      clock.set(start);
      const cookie = await seed({ a: 1 }, lifeMs);
      assert.ok(await engine.load(cookie), 'alive right after create');
      // Reads all through the life, the last one step before its end, whatever they answer.
      for (let read = 1; read < READS; read++) {
        await sleep(start + (read * lifeMs) / READS - Date.now());
        await engine.load(cookie);
        if (capabilities.exists) await engine.exists(cookie);
      }
      await sleep(start + waitMs - Date.now());
      assert.equal(
        await engine.load(cookie),
        null,
        `reading a record must not extend its life: read ${READS} times, it still loads ${waitMs} ms into a ${lifeMs} ms life`,
      );
    },
  },
  {
    name: 'expiry (real time): update of an expired record throws UpdateError and does not revive it',
    when: allOf(nativeTtl, stored),
    async run(context) {
      const { engine, clock, record, seed, capabilities } = context;
      const { lifeMs, waitMs } = realTimeSpan(capabilities);
      clock.set(Date.now());
      const cookie = await seed({ a: 1 }, lifeMs);
      await sleep(waitMs);
      clock.set(Date.now());
      await expectError(
        engine.update(cookie, record({ a: 2 })),
        UpdateError,
        `update ${waitMs} ms into a ${lifeMs} ms life`,
      );
      assert.equal(await engine.load(cookie), null, 'an update refused for an expired record must not revive it');
      if (capabilities.exists) assert.equal(await engine.exists(cookie), false, 'exists after the refused update');
    },
  },
];

/** The persisted expiry (a TTL, a column) read back raw: catches ms/s mix-ups fake time cannot. */
export const persistedExpiryCase: ConformanceCase = {
  name: 'expiry: the persisted expiry equals expiresAt (ms, not s)',
  when: ({ capabilities, hooks }) => capabilities.storage === 'stored' && hooks.has('rawExpiry'),
  async run({ engine, clock, capabilities, record, seed, hooks }) {
    clock.set(Date.now());
    const tolerance = capabilities.ttlResolutionMs + (capabilities.usesInjectedClock ? 0 : 1000);
    const cookie = await seed({ a: 1 }, 3_600_000);
    assertInstant(await hooks.rawExpiry?.(cookie), clock.now() + 3_600_000, tolerance, 'persisted expiry after create');
    await engine.update(cookie, record({ a: 2 }, 7_200_000));
    assertInstant(await hooks.rawExpiry?.(cookie), clock.now() + 7_200_000, tolerance, 'persisted expiry after update');
  },
};

/**
 * A short life on the store's own clock and how long after its start the record is surely dead:
 * two TTL steps or `minLifeMs`, then one more step and some slack (250 ms and 0.5 s on a 1 ms
 * store, 2 s and 3.25 s on a 1 s one).
 */
export function realTimeSpan(
  capabilities: Pick<EngineCapabilities, 'ttlResolutionMs'>,
  minLifeMs = MIN_LIFE_MS,
): { lifeMs: number; waitMs: number } {
  const lifeMs = Math.max(2 * capabilities.ttlResolutionMs, minLifeMs);
  return { lifeMs, waitMs: lifeMs + capabilities.ttlResolutionMs + SLACK_MS };
}
