import assert from 'node:assert/strict';
import type { CaseContext, ConformanceCase } from '../case.js';
import { nativeTtl } from '../conditions.js';
import { assertInstant, sleep } from '../assertions.js';
import { SIXTY_DAYS_MS } from './expiry-clock.js';

const MIN_LIFE_MS = 250;
const SLACK_MS = 250;

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
      const { lifeMs, waitMs } = timing(context);
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

function timing({ capabilities }: CaseContext): { lifeMs: number; waitMs: number } {
  const lifeMs = Math.max(2 * capabilities.ttlResolutionMs, MIN_LIFE_MS);
  return { lifeMs, waitMs: lifeMs + capabilities.ttlResolutionMs + SLACK_MS };
}
