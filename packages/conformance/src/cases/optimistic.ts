import assert from 'node:assert/strict';
import { SessionConflictError } from '@sessionkit/core';
import { expectError, jsonCopy } from '../assertions.js';
import type { CaseGroup } from '../case.js';
import { optimistic } from '../conditions.js';
import { countedManager, createdThrough } from './manager-support.js';

/** `concurrency: 'optimistic'` through a SessionManager over the engine under test. */
export const optimisticGroup: CaseGroup = {
  name: 'optimistic concurrency (manager)',
  cases: [
    {
      name: 'optimistic: O-01 of two requests that loaded one version, the later commit is a conflict and the first stays',
      when: optimistic,
      async run(context) {
        const { engine } = context;
        const { manager } = countedManager(context, { concurrency: 'optimistic' });
        const key = await createdThrough(manager, { n: 0 });
        const first = manager.open(key);
        const second = manager.open(key);
        await first.set('n', 1);
        await second.set('n', 2);
        await manager.commit(first, 200);
        const winner = await engine.load(key);
        const error = await expectError(manager.commit(second, 200), SessionConflictError, 'the later commit');
        assert.equal((error as SessionConflictError).status, 409, 'a conflict answers HTTP 409');
        const after = await engine.load(key);
        assert.deepEqual(jsonCopy(after?.data), { n: 1 }, 'the first write stays');
        assert.equal(after?.version, winner?.version, "the record keeps the winner's version");
      },
    },
    {
      name: 'optimistic: O-02 every write through the manager stores a fresh version token',
      when: optimistic,
      async run(context) {
        const { engine } = context;
        const { manager } = countedManager(context, { concurrency: 'optimistic' });
        const key = await createdThrough(manager, { n: 0 });
        const seen = new Set<string | undefined>([(await engine.load(key))?.version]);
        for (let n = 1; n <= 3; n++) {
          const session = manager.open(key);
          await session.set('n', n);
          await manager.commit(session, 200);
          seen.add((await engine.load(key))?.version);
        }
        assert.equal(seen.has(undefined), false, 'every write stored a token');
        assert.equal(seen.size, 4, 'each write stored a new one');
      },
    },
  ],
};
