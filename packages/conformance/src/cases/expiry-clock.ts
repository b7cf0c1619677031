import assert from 'node:assert/strict';
import { UpdateError } from '@sessionkit/core';
import { expectError } from '../assertions.js';
import type { CaseContext, ConformanceCase } from '../case.js';
import { allOf, injectedClock, stored } from '../conditions.js';

const ONE_DAY_MS = 24 * 3_600_000;
const ONE_YEAR_MS = 365 * ONE_DAY_MS;
/** Past memcached's 30-day line, where a relative TTL is read as a Unix timestamp. */
export const SIXTY_DAYS_MS = 60 * ONE_DAY_MS;

/** Expiry edge cases every peer got wrong once, stepped through with the fake clock. */
export const clockExpiryCases: readonly ConformanceCase[] = [
  {
    name: 'expiry: expiresAt is in ms (alive at +1.5 s, dead at +2 s, expiresAt <= now is dead)',
    when: injectedClock,
    async run(context) {
      const { engine, clock, seed } = context;
      const cookie = await seed({ a: 1 }, 2000);
      clock.advance(1500);
      assert.ok(await engine.load(cookie), 'alive 1.5 s into a 2 s life');
      await assertAlive(context, cookie, true, 'at +1.5 s');
      clock.advance(500);
      assert.equal(await engine.load(cookie), null, 'dead at exactly expiresAt');
      await assertAlive(context, cookie, false, 'at +2 s');
    },
  },
  {
    name: 'expiry: an expiresAt already past never makes an immortal record',
    when: injectedClock,
    async run(context) {
      const { engine, clock, record, freshKey } = context;
      const cookie = await engine.create(freshKey(), record({ a: 1 }, -1000));
      assert.equal(await engine.load(cookie), null, 'dead on arrival');
      await assertAlive(context, cookie, false, 'right after create');
      clock.advance(ONE_YEAR_MS);
      assert.equal(await engine.load(cookie), null, 'still dead a year later');
    },
  },
  {
    name: 'expiry: a 60-day life lasts 60 days (TTLs over 30 days are no timestamps)',
    // Stored engines only: a cookie engine may cap every life at its signature max age, as Django does.
    when: allOf(injectedClock, stored),
    async run({ engine, clock, seed }) {
      const cookie = await seed({ a: 1 }, SIXTY_DAYS_MS);
      assert.ok(await engine.load(cookie), 'alive right after create');
      clock.advance(SIXTY_DAYS_MS - 1);
      assert.ok(await engine.load(cookie), 'alive 1 ms before the 60 days are up');
      clock.advance(1);
      assert.equal(await engine.load(cookie), null, 'dead after 60 days');
    },
  },
  {
    name: 'expiry: an invalid expiresAt (NaN) is refused or dead, never immortal',
    when: injectedClock,
    async run({ engine, freshKey }) {
      let cookie: string;
      try {
        cookie = await engine.create(freshKey(), { data: { a: 1 }, expiresAt: new Date(Number.NaN) });
      } catch {
        return; // refusing it is right
      }
      assert.equal(await engine.load(cookie), null, 'a record with a NaN expiry must not load');
    },
  },
  {
    name: 'expiry: update with an expiresAt already past ends the record',
    when: injectedClock,
    async run(context) {
      const { engine, record, seed } = context;
      const cookie = await seed({ a: 1 });
      const updated = await engine.update(cookie, record({ a: 2 }, -1000));
      assert.equal(await engine.load(updated), null, 'a record updated to an expiry already past must not load');
      await assertAlive(context, updated, false, 'after an update into the past');
    },
  },
  {
    name: 'expiry: update of an expired record throws UpdateError and does not revive it',
    when: allOf(injectedClock, stored),
    async run({ engine, clock, record, seed }) {
      const cookie = await seed({ a: 1 }, 1000);
      clock.advance(1000);
      await expectError(engine.update(cookie, record({ a: 2 })), UpdateError, 'update of an expired record');
      assert.equal(await engine.load(cookie), null, 'an update refused for an expired record must not revive it');
    },
  },
  {
    name: 'expiry: update moves expiresAt',
    when: injectedClock,
    async run({ engine, clock, record, seed }) {
      const cookie = await seed({ a: 1 }, 2000);
      clock.advance(1500);
      const updated = await engine.update(cookie, record({ a: 2 }, 2000));
      clock.advance(1500);
      assert.ok(await engine.load(updated), 'alive 1.5 s after an update that gave it 2 s');
      clock.advance(500);
      assert.equal(await engine.load(updated), null, 'dead 2 s after the update');
    },
  },
  {
    name: 'expiry: reading a record does not extend its life',
    when: injectedClock,
    async run({ engine, clock, seed }) {
      const cookie = await seed({ a: 1 }, 2000);
      clock.advance(1000);
      assert.ok(await engine.load(cookie), 'a record must still load halfway through its life');
      clock.advance(1000);
      assert.equal(
        await engine.load(cookie),
        null,
        'reading a record must not extend its life: it must be dead at its expiry',
      );
    },
  },
  {
    name: 'expiry: a session with setExpiry(seconds) dies after that many idle seconds',
    when: injectedClock,
    async run({ session, clock }) {
      const s = session();
      await s.set('x', 1);
      await s.setExpiry(60);
      await s.save();
      clock.advance(59_999);
      assert.equal(await session(s.key).get('x'), 1, 'alive 1 ms before the end');
      clock.advance(1);
      assert.equal(await session(s.key).get('x'), undefined, 'gone after 60 s');
    },
  },
  {
    name: 'expiry: a session with setExpiry(Date) keeps that instant across later saves',
    when: injectedClock,
    async run({ session, clock }) {
      const s = session();
      await s.set('x', 1);
      await s.setExpiry(new Date(clock.now() + 60_000));
      await s.save();
      clock.advance(30_000);
      const later = session(s.key);
      await later.set('y', 2);
      await later.save();
      clock.advance(30_000);
      assert.equal(await session(later.key).has('y'), false, 'an absolute expiry is not pushed back by saves');
    },
  },
];

/** `exists` agrees with `load`, where the engine can answer it. */
async function assertAlive(context: CaseContext, cookie: string, alive: boolean, when: string): Promise<void> {
  if (!context.capabilities.exists) return;
  assert.equal(await context.engine.exists(cookie), alive, `exists ${when}`);
}
