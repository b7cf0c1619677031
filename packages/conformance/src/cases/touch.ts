import assert from 'node:assert/strict';
import { UpdateError } from '@sessionkit/core';
import { assertInstant, expectError, jsonCopy } from '../assertions.js';
import type { CaseContext, ConformanceCase } from '../case.js';
import { allOf, injectedClock, revocableStore, stored } from '../conditions.js';

const ONE_HOUR_MS = 3_600_000;

/**
 * touch is optional and an engine cannot be seen at registration, so these cases are always
 * registered for stored engines and check nothing more when the engine has no `touch`
 * (core then falls back to `update`, which other cases cover).
 */
function touchOf({ engine }: CaseContext): ((key: string, expiresAt: Date) => Promise<void>) | undefined {
  return engine.touch?.bind(engine);
}

export const touchCases: readonly ConformanceCase[] = [
  {
    name: 'touch: moves a live record’s expiry and keeps its data and version',
    when: stored,
    async run(context) {
      const touch = touchOf(context);
      if (touch === undefined) return;
      const { engine, clock, record, freshKey, capabilities } = context;
      const key = freshKey();
      await engine.create(key, { ...record({ a: 1 }), version: 'v1' });
      const expiresAt = clock.now() + 5 * ONE_HOUR_MS;
      await touch(key, new Date(expiresAt));
      const loaded = await engine.load(key);
      assert.ok(loaded, 'a touched record must still load');
      assert.deepEqual(jsonCopy(loaded.data), { a: 1 }, 'touch must keep the data');
      const tolerance = capabilities.ttlResolutionMs + (capabilities.usesInjectedClock ? 0 : 1000);
      assertInstant(loaded.expiresAt, expiresAt, tolerance, 'touch must store the new expiresAt');
      if (capabilities.optimisticConcurrency === true) {
        assert.equal(loaded.version, 'v1', 'touch must keep the stored version token');
      }
    },
  },
  {
    name: 'touch: the new expiry is the one the clock enforces',
    when: allOf(stored, injectedClock),
    async run(context) {
      const touch = touchOf(context);
      if (touch === undefined) return;
      const { engine, clock, seed } = context;
      const key = await seed({ a: 1 }, 1000);
      await touch(key, new Date(clock.now() + 10_000));
      clock.advance(5000);
      assert.deepEqual(
        jsonCopy((await engine.load(key))?.data),
        { a: 1 },
        'a touched record must outlive its old expiry',
      );
      clock.advance(5000);
      assert.equal(await engine.load(key), null, 'a touched record must die at its new expiry');
    },
  },
  {
    name: 'touch: on a missing, deleted or expired key is UpdateError and never resurrects',
    when: allOf(revocableStore, injectedClock),
    async run(context) {
      const touch = touchOf(context);
      if (touch === undefined) return;
      const { engine, clock, seed, freshKey } = context;
      const later = () => new Date(clock.now() + ONE_HOUR_MS);
      const missing = freshKey();
      await expectError(touch(missing, later()), UpdateError, 'touch of a key never created');
      assert.equal(await engine.load(missing), null, 'touch must not create a record');
      const deleted = await seed({ a: 1 });
      await engine.delete(deleted);
      await expectError(touch(deleted, later()), UpdateError, 'touch of a deleted key');
      assert.equal(await engine.load(deleted), null, 'touch must not resurrect a deleted record');
      const expired = await seed({ a: 1 }, 1000);
      clock.advance(1000);
      await expectError(touch(expired, later()), UpdateError, 'touch of an expired record');
      assert.equal(await engine.load(expired), null, 'touch must not revive an expired record');
    },
  },
];
