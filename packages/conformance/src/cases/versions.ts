import assert from 'node:assert/strict';
import { SessionConflictError, UpdateError } from '@sessionkit/core';
import { describeError, expectError, isErrorOf, jsonCopy } from '../assertions.js';
import type { CaseEnvironment, CaseGroup } from '../case.js';
import { allOf, injectedClock, stored } from '../conditions.js';
import { touchCases } from './touch.js';

/** The engine declares optimistic concurrency: it stores tokens and honours expectedVersion. */
const versioned = (env: CaseEnvironment) => stored(env) && env.capabilities.optimisticConcurrency === true;

/** Contract v2: version tokens, conditional update and touch. */
export const versionGroup: CaseGroup = {
  name: 'versions',
  cases: [
    {
      name: 'versions: load returns the token stored by create, then the one stored by update',
      when: versioned,
      async run({ engine, record, freshKey }) {
        const key = freshKey();
        await engine.create(key, { ...record({ a: 1 }), version: 'v-created' });
        assert.equal((await engine.load(key))?.version, 'v-created', 'load must return the version create stored');
        await engine.update(key, { ...record({ a: 2 }), version: 'v-updated' });
        assert.equal((await engine.load(key))?.version, 'v-updated', 'load must return the version update stored');
      },
    },
    {
      name: 'versions: update with the matching expectedVersion succeeds and stores the new token',
      when: versioned,
      async run({ engine, record, freshKey }) {
        const key = freshKey();
        await engine.create(key, { ...record({ a: 1 }), version: 'v1' });
        await engine.update(key, { ...record({ a: 2 }), version: 'v2' }, { expectedVersion: 'v1' });
        const loaded = await engine.load(key);
        assert.deepEqual(jsonCopy(loaded?.data), { a: 2 }, 'a conditional update with the stored token must write');
        assert.equal(loaded?.version, 'v2', 'a conditional update must store the new token');
      },
    },
    {
      name: 'versions: update with a stale expectedVersion is SessionConflictError, the record intact',
      when: versioned,
      async run({ engine, record, freshKey }) {
        const key = freshKey();
        await engine.create(key, { ...record({ a: 1 }), version: 'v1' });
        const stale = engine.update(key, { ...record({ a: 2 }), version: 'v3' }, { expectedVersion: 'v0' });
        await expectError(stale, SessionConflictError, 'update with an expectedVersion that is not the stored one');
        const loaded = await engine.load(key);
        assert.deepEqual(jsonCopy(loaded?.data), { a: 1 }, 'a conflicting update must leave the data intact');
        assert.equal(loaded?.version, 'v1', 'a conflicting update must leave the stored token intact');
      },
    },
    {
      name: 'versions: a live record stored without a token matches no expectedVersion',
      when: versioned,
      async run({ engine, record, seed }) {
        const key = await seed({ a: 1 });
        const conditional = engine.update(key, { ...record({ a: 2 }), version: 'v2' }, { expectedVersion: 'v1' });
        await expectError(conditional, SessionConflictError, 'conditional update of a record stored without a token');
        assert.deepEqual(jsonCopy((await engine.load(key))?.data), { a: 1 }, 'the tokenless record must stay intact');
      },
    },
    {
      name: 'versions: update with expectedVersion on a missing or deleted key is UpdateError, never resurrects',
      when: versioned,
      async run({ engine, record, freshKey }) {
        const missing = freshKey();
        const onMissing = engine.update(missing, { ...record({ a: 1 }), version: 'v2' }, { expectedVersion: 'v1' });
        await expectError(onMissing, UpdateError, 'conditional update of a key never created');
        assert.equal(await engine.load(missing), null, 'a conditional update must not create a record');
        const deleted = freshKey();
        await engine.create(deleted, { ...record({ a: 1 }), version: 'v1' });
        await engine.delete(deleted);
        const onDeleted = engine.update(deleted, { ...record({ a: 2 }), version: 'v2' }, { expectedVersion: 'v1' });
        await expectError(onDeleted, UpdateError, 'conditional update of a deleted key, with its last token');
        assert.equal(await engine.load(deleted), null, 'a conditional update must not resurrect a deleted record');
      },
    },
    {
      name: 'versions: update with expectedVersion on an expired record is UpdateError',
      when: allOf(versioned, injectedClock),
      async run({ engine, clock, record, freshKey }) {
        const key = freshKey();
        await engine.create(key, { ...record({ a: 1 }, 1000), version: 'v1' });
        clock.advance(1000);
        const late = engine.update(key, { ...record({ a: 2 }), version: 'v2' }, { expectedVersion: 'v1' });
        await expectError(late, UpdateError, 'conditional update of an expired record, with its token');
        assert.equal(await engine.load(key), null, 'a conditional update must not revive an expired record');
      },
    },
    {
      name: 'versions: two conditional updates from one version: exactly one wins, the other SessionConflictError',
      when: versioned,
      async run({ engine, record, freshKey }) {
        const key = freshKey();
        await engine.create(key, { ...record({ writer: 'none' }), version: 'v1' });
        const writers = ['a', 'b'];
        const outcomes = await Promise.allSettled(
          writers.map((writer) =>
            engine.update(key, { ...record({ writer }), version: `v-${writer}` }, { expectedVersion: 'v1' }),
          ),
        );
        const winners = writers.filter((_, i) => outcomes[i]?.status === 'fulfilled');
        assert.equal(winners.length, 1, `exactly one conditional update may win, got ${JSON.stringify(winners)}`);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            assert.ok(
              isErrorOf(outcome.reason, SessionConflictError),
              `the losing conditional update must get SessionConflictError, got ${describeError(outcome.reason)}`,
            );
          }
        }
        const loaded = await engine.load(key);
        assert.deepEqual(jsonCopy(loaded?.data), { writer: winners[0] }, 'the stored data must be the winner’s');
        assert.equal(loaded?.version, `v-${winners[0]}`, 'the stored token must be the winner’s');
      },
    },
    {
      name: 'versions: a record written without a token loads without one (engines never invent tokens)',
      when: versioned,
      async run({ engine, record, seed }) {
        const key = await seed({ a: 1 });
        assert.equal((await engine.load(key))?.version, undefined, 'create without a version must store none');
        await engine.update(key, record({ a: 2 }));
        assert.equal((await engine.load(key))?.version, undefined, 'update without a version must store none');
      },
    },
    {
      name: 'versions: an engine without optimisticConcurrency ignores expectedVersion',
      when: (env) => stored(env) && env.capabilities.optimisticConcurrency !== true,
      async run({ engine, record, seed }) {
        const key = await seed({ a: 1 });
        await engine.update(key, { ...record({ a: 2 }), version: 'v2' }, { expectedVersion: 'never stored' });
        assert.deepEqual(
          jsonCopy((await engine.load(key))?.data),
          { a: 2 },
          'an engine without optimisticConcurrency must write whatever expectedVersion says',
        );
      },
    },
    {
      name: 'migrate: when the engine has it, running it again is safe',
      async run({ engine, seed }) {
        if (engine.migrate === undefined) return;
        await engine.migrate();
        await engine.migrate();
        const key = await seed({ a: 1 });
        assert.deepEqual(
          jsonCopy((await engine.load(key))?.data),
          { a: 1 },
          'the engine must work after migrate ran twice',
        );
      },
    },
    ...touchCases,
  ],
};
