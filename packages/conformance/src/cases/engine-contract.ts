import assert from 'node:assert/strict';
import { CreateError, UpdateError } from '@sessionkit/core';
import { assertInstant, expectError, jsonCopy } from '../assertions.js';
import type { CaseGroup } from '../case.js';
import { capabilityMismatches } from '../capabilities.js';
import { answersExists, revocableStore, stored } from '../conditions.js';
import { closeCases } from './abort-and-close.js';
import { settledLifecycleCases } from './settled-lifecycle.js';

const ONE_HOUR_MS = 3_600_000;

/** The engine contract itself, called directly: what each method must and must not do. */
export const engineContractGroup: CaseGroup = {
  name: 'engine contract',
  cases: [
    {
      name: 'contract: the engine declares the capabilities the suite was registered with',
      async run({ engine, capabilities }) {
        assert.ok(engine.name.trim() !== '', 'an engine must have a name (logs and error messages carry it)');
        const mismatches = capabilityMismatches(engine.capabilities, capabilities);
        assert.deepEqual(mismatches, [], 'pass what differs from the stored defaults as options.capabilities');
      },
    },
    {
      name: 'contract: create stores the record and resolves to the cookie value',
      async run({ engine, clock, capabilities, freshKey }) {
        const key = freshKey();
        const expiresAt = clock.now() + ONE_HOUR_MS;
        const cookie = await engine.create(key, { data: { a: 1 }, expiresAt: new Date(expiresAt) });
        if (capabilities.storage === 'stored') assert.equal(cookie, key, 'a stored engine answers with the key');
        const loaded = await engine.load(cookie);
        assert.ok(loaded, 'the record loads back');
        assert.deepEqual(jsonCopy(loaded.data), { a: 1 }, 'create then load must give back the data');
        // A native TTL counts down in real time while the case runs.
        const tolerance = capabilities.ttlResolutionMs + (capabilities.usesInjectedClock ? 0 : 1000);
        assertInstant(loaded.expiresAt, expiresAt, tolerance, 'the loaded expiresAt');
      },
    },
    {
      name: 'contract: load of an unknown key resolves to null and creates nothing',
      when: stored,
      async run({ engine, freshKey, hooks }) {
        const key = freshKey();
        const rawBefore = (await hooks.rawKeys?.())?.length;
        assert.equal(await engine.load(key), null, 'load of an unknown key must resolve to null');
        assert.equal(await engine.exists(key), false, 'exists of an unknown key must be false');
        assert.equal((await hooks.rawKeys?.())?.length, rawBefore, 'nothing was written');
      },
    },
    {
      name: 'contract: create on a taken key throws CreateError and keeps the record',
      when: stored,
      async run({ engine, record, seed }) {
        const key = await seed({ owner: 'first' });
        await expectError(engine.create(key, record({ owner: 'second' })), CreateError, 'create on a live key');
        assert.deepEqual(
          jsonCopy((await engine.load(key))?.data),
          { owner: 'first' },
          'a create refused with CreateError must leave the stored record untouched',
        );
      },
    },
    {
      name: 'contract: update replaces the whole record, no merge',
      async run({ engine, record, seed }) {
        const cookie = await seed({ a: 1, b: 2 });
        const updated = await engine.update(cookie, record({ c: 3 }));
        assert.deepEqual(
          jsonCopy((await engine.load(updated))?.data),
          { c: 3 },
          'update must replace the whole record (no merge)',
        );
      },
    },
    {
      name: 'contract: update of an unknown key throws UpdateError and creates nothing',
      when: stored,
      async run({ engine, record, freshKey }) {
        const key = freshKey();
        await expectError(engine.update(key, record({ a: 1 })), UpdateError, 'update of a key never created');
        assert.equal(
          await engine.load(key),
          null,
          'an update refused with UpdateError must not create a record: load is not null',
        );
        assert.equal(
          await engine.exists(key),
          false,
          'an update refused with UpdateError must not create a record: exists is true',
        );
      },
    },
    {
      name: 'contract: update after delete throws UpdateError and does not resurrect',
      when: revocableStore,
      async run({ engine, record, seed }) {
        const key = await seed({ a: 1 });
        await engine.delete(key);
        await expectError(engine.update(key, record({ a: 2 })), UpdateError, 'a late update after delete');
        assert.equal(await engine.load(key), null, 'the deleted record stays deleted');
        assert.equal(
          await engine.exists(key),
          false,
          'update after delete must not resurrect the record: exists is true',
        );
      },
    },
    {
      name: 'contract: delete removes the record and is idempotent',
      when: revocableStore,
      async run({ engine, seed, freshKey }) {
        const key = await seed({ a: 1 });
        await engine.delete(key);
        assert.equal(await engine.load(key), null, 'delete(key) must remove the record: load is not null');
        await engine.delete(key);
        await engine.delete(freshKey());
      },
    },
    {
      name: 'contract: exists is true for a live record only',
      when: answersExists,
      async run({ engine, seed, freshKey }) {
        const key = await seed({ a: 1 });
        assert.equal(await engine.exists(key), true, 'exists must be true for a live record');
        assert.equal(await engine.exists(freshKey()), false, 'exists must be false for a key never created');
      },
    },
    {
      name: 'contract: records under different keys stay apart',
      when: revocableStore,
      async run({ engine, record, seed }) {
        const first = await seed({ who: 'first' });
        const second = await seed({ who: 'second' });
        await engine.update(first, record({ who: 'first, updated' }));
        assert.deepEqual(
          jsonCopy((await engine.load(second))?.data),
          { who: 'second' },
          'update of one key must not change another',
        );
        await engine.delete(first);
        assert.deepEqual(
          jsonCopy((await engine.load(second))?.data),
          { who: 'second' },
          'delete of one key must not remove another',
        );
      },
    },
    {
      name: 'contract: close is idempotent',
      async run({ engine }) {
        await engine.close();
        await engine.close();
      },
    },
    ...settledLifecycleCases,
    ...closeCases,
  ],
};
