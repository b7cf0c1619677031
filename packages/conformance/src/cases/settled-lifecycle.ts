import assert from 'node:assert/strict';
import { CreateError } from '@sessionkit/core';
import { assertInstant, expectError, jsonCopy } from '../assertions.js';
import type { ConformanceCase } from '../case.js';
import { allOf, answersExists, hasHook, injectedClock, stored } from '../conditions.js';

const ONE_HOUR_MS = 3_600_000;

/** exists, create over dead or undecodable records, and writes that change nothing but the expiry. */
export const settledLifecycleCases: readonly ConformanceCase[] = [
  {
    name: 'exists: false once expiresAt <= now, even while the expired record is still stored',
    when: allOf(answersExists, injectedClock),
    async run({ engine, clock, seed }) {
      const key = await seed({ a: 1 }, 1000);
      clock.advance(999);
      assert.equal(await engine.exists(key), true, 'exists(key) must be true while expiresAt > now (1 ms left)');
      clock.advance(1);
      assert.equal(await engine.exists(key), false, 'exists(key) must be false once expiresAt <= now');
    },
  },
  {
    name: 'exists: an engine that cannot answer always says false',
    when: ({ capabilities }) => !capabilities.exists,
    async run({ engine, seed }) {
      const cookie = await seed({ a: 1 });
      assert.equal(await engine.exists(cookie), false, 'exists must be false when capabilities.exists is false');
    },
  },
  {
    name: 'exists: true for a live record whose data does not decode (exists never decodes)',
    when: allOf(answersExists, stored, hasHook('corruptRecord')),
    async run({ engine, seed, hooks }) {
      const key = await seed({ a: 1 });
      await hooks.corruptRecord?.(key, 'undecodable');
      assert.equal(await engine.load(key), null, 'load(key) of an undecodable record must resolve null');
      assert.equal(await engine.exists(key), true, 'exists(key) must be true for a live record, decodable or not');
    },
  },
  {
    name: 'load: every record damaged as undecodable, in turn, resolves to null (each damage may differ)',
    when: allOf(stored, hasHook('corruptRecord')),
    async run({ engine, seed, hooks }) {
      // Three records damaged one after another: an inspector with several undecodable forms
      // (wrong JSON shapes, truncated payloads) may give each a different one.
      const keys = [await seed({ a: 1 }), await seed({ b: 2 }), await seed({ c: 3 })];
      for (const key of keys) await hooks.corruptRecord?.(key, 'undecodable');
      for (const [index, key] of keys.entries()) {
        assert.equal(await engine.load(key), null, `load of the undecodable record #${index + 1} must resolve null`);
      }
    },
  },
  {
    name: 'create: on a live undecodable record throws CreateError',
    when: allOf(answersExists, stored, hasHook('corruptRecord')),
    async run({ engine, record, seed, hooks }) {
      const key = await seed({ a: 1 });
      await hooks.corruptRecord?.(key, 'undecodable');
      await expectError(
        engine.create(key, record({ a: 2 })),
        CreateError,
        'create over a live record whose data does not decode',
      );
    },
  },
  {
    name: 'create: takes a key whose record has expired but is still stored, replacing it',
    when: allOf(stored, injectedClock),
    async run({ engine, clock, record, seed }) {
      const key = await seed({ owner: 'expired' }, 1000);
      clock.advance(1000);
      // Nothing reads the key in between: the expired record is still where the engine put it.
      const cookie = await engine.create(key, record({ owner: 'new' }));
      assert.equal(cookie, key, 'create over an expired record must resolve to the key');
      assert.deepEqual(
        jsonCopy((await engine.load(key))?.data),
        { owner: 'new' },
        'create over an expired record must store the new record in its place',
      );
    },
  },
  {
    name: 'no-op: update with the same data and a new expiry stores the new expiry',
    async run({ engine, clock, record, seed, capabilities }) {
      const key = await seed({ a: 1 }, ONE_HOUR_MS);
      const cookie = await engine.update(key, record({ a: 1 }, 3 * ONE_HOUR_MS));
      const loaded = await engine.load(cookie);
      assert.ok(loaded, 'an update with unchanged data must keep the record loadable');
      const tolerance = capabilities.ttlResolutionMs + (capabilities.usesInjectedClock ? 0 : 1000);
      assertInstant(
        loaded.expiresAt,
        clock.now() + 3 * ONE_HOUR_MS,
        tolerance,
        'update with unchanged data must still store the new expiresAt',
      );
      if (!capabilities.usesInjectedClock) return;
      clock.advance(2 * ONE_HOUR_MS);
      assert.deepEqual(
        jsonCopy((await engine.load(cookie))?.data),
        { a: 1 },
        'a record re-expired by an update with unchanged data must outlive its old expiry',
      );
    },
  },
  {
    name: 'no-op: empty data is a record like any other (stored, loaded as {}, not as missing)',
    async run({ engine, record, freshKey, seed, capabilities }) {
      const cookie = await engine.create(freshKey(), record({}));
      const loaded = await engine.load(cookie);
      assert.ok(loaded, 'a record with empty data must load (not null)');
      assert.deepEqual(jsonCopy(loaded.data), {}, 'a record with empty data must load as {}');
      if (capabilities.exists) assert.equal(await engine.exists(cookie), true, 'a record with empty data exists');
      const emptied = await engine.update(await seed({ a: 1 }), record({}));
      assert.deepEqual(
        jsonCopy((await engine.load(emptied))?.data),
        {},
        'an update to empty data must store {} (not delete, not keep the old data)',
      );
    },
  },
];
