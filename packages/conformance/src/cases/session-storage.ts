import assert from 'node:assert/strict';
import { isValidKey, UpdateError } from '@sessionkit/core';
import { assertEmptyData, expectError, jsonCopy } from '../assertions.js';
import type { ConformanceCase } from '../case.js';
import { answersExists, revocableStore, stored } from '../conditions.js';

/**
 * A class body is strict code even where a CJS build leaves the module sloppy, so Python's
 * AttributeError on assigning `session_key` has its JS twin here: a TypeError.
 */
const strictCode = new (class {
  assignKey(target: object, key: string): void {
    (target as { key: string | null }).key = key;
  }
})();

/** Django's SessionTestsMixin, the storage half: save, delete, flush, cycle and the key rules. */
export const sessionStorageCases: readonly ConformanceCase[] = [
  {
    name: 'test_save',
    when: answersExists,
    async run({ session, engine }) {
      const s = session();
      await s.save();
      assert.ok(s.key, 'save gives the session a key');
      assert.equal(await engine.exists(s.key), true, 'save must store the record: exists(key) must be true');
    },
  },
  {
    name: 'test_delete',
    async run({ session, engine }) {
      const s = session();
      await s.save();
      assert.ok(s.key, 'save gives the session a key');
      await engine.delete(s.key);
      assert.equal(await engine.exists(s.key), false, 'delete(key) must remove the record: exists(key) is still true');
    },
  },
  {
    name: 'test_flush',
    async run({ session, engine }) {
      const s = session();
      await s.set('foo', 'bar');
      await s.save();
      const previousKey = s.key;
      assert.ok(previousKey, 'save gives the session a key');
      await s.flush();
      assert.equal(
        await engine.exists(previousKey),
        false,
        'flush must delete the stored record: exists(old key) is still true',
      );
      assert.notEqual(s.key, previousKey, 'flush must drop the old key');
      assert.equal(s.key, null, 'flush must leave the session without a key');
      assert.equal(s.modified, true, 'flush must mark the session modified');
      assert.equal(s.accessed, true, 'flush must mark the session accessed');
    },
  },
  {
    name: 'test_cycle',
    when: revocableStore,
    async run({ session, engine }) {
      const s = session();
      await s.set('a', 'c');
      await s.set('b', 'd');
      await s.save();
      const previousKey = s.key;
      assert.ok(previousKey, 'save gives the session a key');
      const previousData = await s.entries();
      await s.cycleKey();
      assert.equal(
        await engine.exists(previousKey),
        false,
        'cycleKey must delete the record under the old key: exists(old key) is still true',
      );
      assert.equal(await engine.load(previousKey), null, 'the old key no longer loads (fixation)');
      assert.notEqual(s.key, previousKey, 'cycleKey must give the session a new key');
      assert.deepEqual(await s.entries(), previousData, 'cycleKey must keep the data');
      assert.ok(s.key, 'cycleKey gives a new key');
      assert.deepEqual(
        jsonCopy((await engine.load(s.key))?.data),
        { a: 'c', b: 'd' },
        'the data lives under the new key',
      );
    },
  },
  {
    name: 'test_cycle_with_no_session_cache',
    async run({ session }) {
      const s = session();
      await s.set('a', 'c');
      await s.set('b', 'd');
      await s.save();
      const previousData = (await s.entries()).sort();
      const fresh = session(s.key);
      await fresh.cycleKey();
      assert.deepEqual(
        (await fresh.entries()).sort(),
        previousData,
        'cycleKey on a session not yet loaded must keep the data',
      );
    },
  },
  {
    name: 'test_save_doesnt_clear_data',
    async run({ session }) {
      const s = session();
      await s.set('a', 'b');
      await s.save();
      assert.equal(await s.get('a'), 'b', 'save must not clear the data in the session');
    },
  },
  {
    name: 'test_invalid_key',
    async run({ session, engine }) {
      const s = session('1');
      try {
        await s.save();
        assert.notEqual(s.key, '1', 'save must not adopt an invalid key');
        assert.equal(await s.get('cat'), undefined, 'a session with an invalid key must start empty');
        if (s.key !== null) await engine.delete(s.key);
      } finally {
        await engine.delete('1');
      }
    },
  },
  {
    name: 'test_session_key_empty_string_invalid',
    async run({ session }) {
      assert.equal(session('').key, null, 'an empty string is not a valid key');
    },
  },
  {
    name: 'test_session_key_too_short_invalid',
    when: ({ capabilities }) => !isValidKey('1234567', capabilities),
    async run({ session }) {
      assert.equal(session('1234567').key, null, 'a key shorter than minKeyLength is not valid');
    },
  },
  {
    name: 'test_session_key_valid_string_saved',
    when: ({ capabilities }) => isValidKey('12345678', capabilities),
    async run({ session }) {
      assert.equal(session('12345678').key, '12345678', 'a key of minKeyLength characters is valid and kept');
    },
  },
  {
    name: 'test_session_key_is_read_only',
    async run({ session, freshKey }) {
      const s = session();
      assert.equal(Reflect.set(s, 'key', freshKey()), false, 'key has no setter');
      assert.throws(
        () => strictCode.assignKey(s, freshKey()),
        TypeError,
        'assigning key must throw TypeError in strict code',
      );
      assert.equal(s.key, null, 'key must stay null after a refused assignment');
    },
  },
  {
    name: 'test_session_load_does_not_create_record',
    when: stored,
    async run({ session, engine, freshKey, hooks }) {
      const unknownKey = freshKey();
      const rawBefore = [...((await hooks.rawKeys?.()) ?? [])].sort();
      const s = session(unknownKey);
      assertEmptyData(await s.load(), 'load of an unknown key');
      assert.equal(s.key, null, 'load of an unknown key must not adopt the key');
      assert.equal(
        await engine.exists(unknownKey),
        false,
        'load of an unknown key must not create a record: exists(key) is true',
      );
      const rawAfter = [...((await hooks.rawKeys?.()) ?? [])].sort();
      assert.deepEqual(rawAfter, rawBefore, 'load wrote nothing to the store');
    },
  },
  {
    name: 'test_session_save_does_not_resurrect_session_logged_out_in_other_context',
    when: revocableStore,
    async run({ session, engine }) {
      const s1 = session();
      await s1.set('test_data', 'value1');
      await s1.save({ mustCreate: true });
      const key = s1.key;
      assert.ok(key, 'save gives the session a key');
      await session(key).flush();
      await s1.set('test_data', 'value2');
      await expectError(s1.save(), UpdateError, 'save of a session deleted meanwhile');
      assertEmptyData(await s1.load(), 'load after the failed save');
      assert.equal(await engine.exists(key), false, 'the deleted session stays deleted');
    },
  },
];
