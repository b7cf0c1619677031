import assert from 'node:assert/strict';
import { CreateError, isValidKey, SessionError, UpdateError } from '@sessionkit/core';
import { describeError, expectError, isErrorOf, jsonCopy } from '../assertions.js';
import type { CaseContext, ConformanceCase } from '../case.js';
import { revocableStore, stored } from '../conditions.js';
import { outsideRules, showKey } from './key-probes.js';

/** A key of exactly `length` characters, built from fresh keys so it fits the declared pattern. */
function keyOfLength(context: CaseContext, length: number, prefix = ''): string {
  let text = prefix;
  while (text.length < length) text += context.freshKey();
  const key = text.slice(0, length);
  assert.ok(
    isValidKey(key, context.capabilities),
    `the declared key rules must accept a key of ${length} characters built from generated keys: ${key}`,
  );
  return key;
}

/** The write must reject with a SessionError (which one is the engine's choice), never resolve. */
async function assertRefused(operation: Promise<unknown>, what: string): Promise<void> {
  try {
    await operation;
  } catch (error) {
    assert.ok(isErrorOf(error, SessionError), `${what} must reject with a SessionError, got ${describeError(error)}`);
    return;
  }
  assert.fail(`${what} must be refused, but it resolved`);
}

/** One key through its whole life: create, load, update, exists, delete. */
async function fullLife(context: CaseContext, key: string, what: string): Promise<void> {
  const { engine, record } = context;
  await engine.create(key, record({ who: what }));
  assert.deepEqual(
    jsonCopy((await engine.load(key))?.data),
    { who: what },
    `${what}: create then load must round-trip`,
  );
  await engine.update(key, record({ who: `${what}, updated` }));
  assert.deepEqual(
    jsonCopy((await engine.load(key))?.data),
    { who: `${what}, updated` },
    `${what}: update must replace the record`,
  );
  if (context.capabilities.exists)
    assert.equal(await engine.exists(key), true, `${what}: exists must be true while live`);
  await engine.delete(key);
  assert.equal(await engine.load(key), null, `${what}: after delete the key must load null`);
}

/** Key boundaries: the declared lengths work exactly, and long shared prefixes never collide. */
export const keyLengthCases: readonly ConformanceCase[] = [
  {
    name: 'keys: load of a key outside the declared key rules resolves to null',
    when: stored,
    async run(context) {
      for (const key of outsideRules(context)) {
        assert.equal(
          await context.engine.load(key),
          null,
          `load of a key outside the key rules (${showKey(key)}) must resolve to null`,
        );
      }
    },
  },
  {
    name: 'keys: create and update of a key outside the declared key rules are refused and store nothing',
    when: stored,
    async run(context) {
      const { engine, record, capabilities } = context;
      for (const key of outsideRules(context)) {
        const shown = showKey(key);
        await assertRefused(
          engine.create(key, record({ a: 1 })),
          `create under a key outside the key rules (${shown})`,
        );
        await assertRefused(
          engine.update(key, record({ a: 2 })),
          `update under a key outside the key rules (${shown})`,
        );
        assert.equal(await engine.load(key), null, `a refused write under ${shown} must store nothing`);
        if (capabilities.exists) {
          assert.equal(
            await engine.exists(key),
            false,
            `exists of a key outside the key rules (${shown}) must be false`,
          );
        }
      }
    },
  },
  {
    name: 'keys: create of a key outside the declared key rules rejects with CreateError',
    when: stored,
    async run(context) {
      for (const key of outsideRules(context)) {
        await expectError(
          context.engine.create(key, context.record({ a: 1 })),
          CreateError,
          `create under a key outside the key rules (${showKey(key)})`,
        );
      }
    },
  },
  {
    name: 'keys: update and touch of a key outside the declared key rules reject with UpdateError',
    when: stored,
    async run(context) {
      const { engine, record, clock } = context;
      for (const key of outsideRules(context)) {
        const shown = showKey(key);
        await expectError(
          engine.update(key, record({ a: 2 })),
          UpdateError,
          `update under a key outside the key rules (${shown})`,
        );
        if (engine.touch !== undefined) {
          await expectError(
            engine.touch(key, new Date(clock.now() + 60_000)),
            UpdateError,
            `touch under a key outside the key rules (${shown})`,
          );
        }
      }
    },
  },
  {
    name: 'keys: delete of a key outside the declared key rules resolves',
    when: stored,
    async run(context) {
      for (const key of outsideRules(context)) {
        await assert.doesNotReject(
          context.engine.delete(key),
          `delete of a key outside the key rules (${showKey(key)}) must resolve`,
        );
      }
    },
  },
  {
    name: 'keys: a key of exactly maxKeyLength characters is stored and found',
    when: revocableStore,
    run: (context) => fullLife(context, keyOfLength(context, context.capabilities.maxKeyLength), 'a maxKeyLength key'),
  },
  {
    name: 'keys: a key of exactly minKeyLength characters is stored and found',
    when: revocableStore,
    run: (context) => fullLife(context, keyOfLength(context, context.capabilities.minKeyLength), 'a minKeyLength key'),
  },
  {
    name: 'keys: keys sharing all but their last character stay apart (no truncation, no collision)',
    when: revocableStore,
    async run(context) {
      const { engine, record, capabilities } = context;
      const stem = keyOfLength(context, capabilities.maxKeyLength - 1);
      const last = ['0', '1', 'a', 'z'].filter((c) => isValidKey(stem + c, capabilities));
      assert.ok(last.length >= 2, 'the declared key rules must accept at least two final characters from [01az]');
      const keys = last.map((c) => stem + c);
      for (const key of keys) await engine.create(key, record({ key }));
      for (const key of keys) {
        assert.deepEqual(
          jsonCopy((await engine.load(key))?.data),
          { key },
          `keys differing only in the last of ${capabilities.maxKeyLength} characters must name different records`,
        );
      }
      const [first, ...rest] = keys as [string, ...string[]];
      await engine.delete(first);
      for (const key of rest) {
        assert.deepEqual(
          jsonCopy((await engine.load(key))?.data),
          { key },
          'deleting one key must not delete another that shares its prefix',
        );
      }
    },
  },
  {
    name: 'keys: a key and the same key one character longer stay apart',
    when: (env) => revocableStore(env) && env.capabilities.maxKeyLength > env.capabilities.minKeyLength,
    async run(context) {
      const { engine, record, capabilities } = context;
      const long = keyOfLength(context, capabilities.maxKeyLength);
      const short = long.slice(0, -1);
      await engine.create(short, record({ which: 'short' }));
      await engine.create(long, record({ which: 'long' }));
      assert.deepEqual(
        jsonCopy((await engine.load(short))?.data),
        { which: 'short' },
        'a key that is a prefix of another must keep its own record',
      );
      assert.deepEqual(
        jsonCopy((await engine.load(long))?.data),
        { which: 'long' },
        'a key one character longer than another must keep its own record',
      );
    },
  },
];
