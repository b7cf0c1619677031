import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { CreateError } from '@sessionkit/core';
import { expectError, isErrorOf, jsonCopy } from '../assertions.js';
import type { CaseGroup } from '../case.js';
import { stored } from '../conditions.js';
import { countingEngine } from '../spy.js';
import { raceCases } from './races.js';

const PARALLEL_SESSIONS = 40;
const TINY_KEY_SPACE = 64;

/** Collisions and races (checklist section G). */
export const concurrencyGroup: CaseGroup = {
  name: 'concurrency',
  cases: [
    {
      name: 'concurrency: C-01 create skips taken keys and leaves their data untouched',
      when: stored,
      async run({ session, engine, seed, freshKey }) {
        const taken = await seed({ owner: 'first' });
        const fresh = freshKey();
        const candidates = [taken, taken, taken, fresh];
        const s = session(null, { generateKey: () => candidates.shift() ?? freshKey() });
        await s.set('owner', 'second');
        await s.save();
        assert.equal(s.key, fresh, 'the fourth candidate, the first free one, is used');
        assert.deepEqual(
          jsonCopy((await engine.load(taken))?.data),
          { owner: 'first' },
          'create must leave a taken key’s data untouched',
        );
        assert.deepEqual(
          jsonCopy((await engine.load(fresh))?.data),
          { owner: 'second' },
          'create must store the data under the first free key',
        );
      },
    },
    {
      name: 'concurrency: C-02 create gives up after maxCreateAttempts when every key is taken',
      when: stored,
      async run({ session, engine, seed }) {
        const taken = await seed({ owner: 'first' });
        const counted = countingEngine(engine);
        const s = session(null, { engine: counted.engine, generateKey: () => taken, maxCreateAttempts: 5 });
        await s.set('owner', 'second');
        await expectError(s.save(), CreateError, 'save when every candidate key is taken');
        assert.equal(counted.calls.create, 5, 'exactly maxCreateAttempts tries');
        assert.equal(s.key, null, 'a session whose create gave up must have no key');
        assert.deepEqual(
          jsonCopy((await engine.load(taken))?.data),
          { owner: 'first' },
          'create attempts on a taken key must leave its data untouched',
        );
      },
    },
    {
      name: 'concurrency: C-03 parallel creates over a tiny key space never share or overwrite',
      when: stored,
      async run({ session, engine, freshKey }) {
        const space = Array.from({ length: TINY_KEY_SPACE }, () => freshKey());
        const pick = (): string => space[randomInt(space.length)] ?? freshKey();
        const sessions = Array.from({ length: PARALLEL_SESSIONS }, () =>
          session(null, { generateKey: pick, maxCreateAttempts: 1000 }),
        );
        await Promise.all(
          sessions.map(async (s, owner) => {
            await s.set('owner', owner);
            await s.save();
          }),
        );
        const keys = sessions.map((s) => s.key);
        assert.equal(new Set(keys).size, PARALLEL_SESSIONS, 'every session got its own key');
        for (const [owner, key] of keys.entries()) {
          assert.ok(key, 'every session was saved');
          assert.deepEqual(jsonCopy((await engine.load(key))?.data), { owner }, `session ${owner} kept its data`);
        }
      },
    },
    {
      name: 'concurrency: parallel creates on one key: exactly one wins, the rest get CreateError',
      when: stored,
      async run({ engine, record, freshKey }) {
        const key = freshKey();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, writer) => engine.create(key, record({ writer }))),
        );
        const winners = outcomes.flatMap((outcome, writer) => (outcome.status === 'fulfilled' ? [writer] : []));
        assert.equal(winners.length, 1, `one winner, got writers ${JSON.stringify(winners)}`);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected')
            assert.ok(isErrorOf(outcome.reason, CreateError), 'losers get CreateError');
        }
        assert.deepEqual(
          jsonCopy((await engine.load(key))?.data),
          { writer: winners[0] },
          'the record must hold the data of the one create that won',
        );
      },
    },
    {
      name: 'concurrency: concurrent first accesses load once',
      async run({ session, engine }) {
        const writer = session();
        await writer.update({ a: 1, b: 2 });
        await writer.save();
        const counted = countingEngine(engine);
        const s = session(writer.key, { engine: counted.engine });
        const [a, hasB, keys] = await Promise.all([s.get('a'), s.has('b'), s.keys(), s.values()]);
        assert.equal(a, 1, 'racing reads must see the stored value');
        assert.equal(hasB, true, 'racing reads must see the stored key');
        assert.deepEqual([...keys].sort(), ['a', 'b'], 'racing reads must list the stored keys');
        assert.equal(counted.calls.load, 1, 'one engine.load for four racing reads');
      },
    },
    ...raceCases,
  ],
};
