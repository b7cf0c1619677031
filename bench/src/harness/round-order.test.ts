/**
 * The order in which a round (or a turn) visits the contenders:
 *   node --import tsx --test src/harness/round-order.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roundOrder } from './runner.js';

test('over 2n rounds each of n contenders goes first twice and last twice', () => {
  for (let n = 1; n <= 6; n += 1) {
    const items = Array.from({ length: n }, (_, i) => i);
    const first = new Array<number>(n).fill(0);
    const last = new Array<number>(n).fill(0);
    for (let round = 0; round < 2 * n; round += 1) {
      const order = roundOrder(items, round);
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        items,
        `round ${round} visits each contender once`,
      );
      first[order[0] as number] = (first[order[0] as number] ?? 0) + 1;
      last[order[n - 1] as number] = (last[order[n - 1] as number] ?? 0) + 1;
    }
    assert.deepEqual(first, new Array<number>(n).fill(2), `n=${n}: first`);
    assert.deepEqual(last, new Array<number>(n).fill(2), `n=${n}: last`);
  }
});

test('two contenders alternate from one round to the next pair', () => {
  const orders = [0, 1, 2, 3].map((round) => roundOrder(['a', 'b'], round).join(''));
  assert.deepEqual(orders, ['ab', 'ba', 'ba', 'ab']);
});
