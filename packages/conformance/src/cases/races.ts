import assert from 'node:assert/strict';
import { UpdateError } from '@sessionkit/core';
import { describeError, isErrorOf } from '../assertions.js';
import type { CaseContext, ConformanceCase } from '../case.js';
import { revocableStore } from '../conditions.js';

const ROUNDS = 10;

/** One update racing one delete; `deleteFirst` decides which call is issued first. */
async function updateRacingDelete({ engine, record, seed }: CaseContext, deleteFirst: boolean): Promise<void> {
  const key = await seed({ round: 'before' });
  const updating = (): Promise<unknown> => engine.update(key, record({ round: 'late update' }));
  const deleting = (): Promise<unknown> => engine.delete(key);
  const [first, second] = deleteFirst ? [deleting, updating] : [updating, deleting];
  const outcomes = await Promise.allSettled([first(), Promise.resolve().then(second)]);
  const update = outcomes[deleteFirst ? 1 : 0];
  const removal = outcomes[deleteFirst ? 0 : 1];
  assert.equal(removal?.status, 'fulfilled', 'delete racing an update must resolve');
  if (update?.status === 'rejected') {
    assert.ok(
      isErrorOf(update.reason, UpdateError),
      `an update racing a delete may only fail with UpdateError, got ${describeError(update.reason)}`,
    );
  }
  assert.equal(
    await engine.load(key),
    null,
    `once delete has resolved, load must be null: the racing update resurrected the record (${deleteFirst ? 'delete' : 'update'} issued first)`,
  );
}

/** Settled answer 7: an update racing a delete never resurrects. */
export const raceCases: readonly ConformanceCase[] = [
  {
    name: 'concurrency: an update racing a delete never resurrects the record',
    when: revocableStore,
    async run(context) {
      for (let round = 0; round < ROUNDS; round++) await updateRacingDelete(context, round % 2 === 0);
    },
  },
];
