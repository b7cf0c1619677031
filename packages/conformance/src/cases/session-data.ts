import assert from 'node:assert/strict';
import { KeyNotFoundError } from '@sessionkit/core';
import { expectError } from '../assertions.js';
import type { ConformanceCase } from '../case.js';

/** Django's SessionTestsMixin, the dictionary half: values and the accessed/modified flags. */
export const sessionDataCases: readonly ConformanceCase[] = [
  {
    name: 'test_new_session',
    async run({ session }) {
      const s = session();
      assert.equal(s.modified, false, 'a new session must not mark the session modified');
      assert.equal(s.accessed, false, 'a new session must not mark the session accessed');
    },
  },
  {
    name: 'test_get_empty',
    async run({ session }) {
      assert.equal(await session().get('cat'), undefined, 'get of a key never set must give undefined');
    },
  },
  {
    name: 'test_store',
    async run({ session }) {
      const s = session();
      await s.set('cat', 'dog');
      assert.equal(s.modified, true, 'set must mark the session modified');
      assert.equal(await s.pop('cat'), 'dog', 'pop must return the value set');
    },
  },
  {
    name: 'test_pop',
    async run({ session }) {
      const s = session();
      await s.set('some key', 'exists');
      // Upstream resets the TestCase's flags by mistake; the session's are meant.
      s.accessed = false;
      s.modified = false;
      assert.equal(await s.pop('some key'), 'exists', 'pop must return the stored value');
      assert.equal(s.accessed, true, 'pop must mark the session accessed');
      assert.equal(s.modified, true, 'pop must mark the session modified');
      assert.equal(await s.get('some key'), undefined, 'pop must remove the key');
    },
  },
  {
    name: 'test_pop_default',
    async run({ session }) {
      const s = session();
      assert.equal(
        await s.pop('some key', 'does not exist'),
        'does not exist',
        'pop of a missing key must return the fallback',
      );
      assert.equal(s.accessed, true, 'pop with a fallback must mark the session accessed');
      assert.equal(s.modified, false, 'pop with a fallback must not mark the session modified');
    },
  },
  {
    // Python's `default=` keyword has no JS twin; an explicit `undefined` fallback is the nearest.
    name: 'test_pop_default_named_argument',
    async run({ session }) {
      const s = session();
      assert.equal(
        await s.pop('some key', undefined),
        undefined,
        'pop of a missing key must return an undefined fallback',
      );
      assert.equal(s.accessed, true, 'pop with an undefined fallback must mark the session accessed');
      assert.equal(s.modified, false, 'pop with an undefined fallback must not mark the session modified');
    },
  },
  {
    name: 'test_pop_no_default_keyerror_raised',
    async run({ session }) {
      await expectError(session().pop('some key'), KeyNotFoundError, 'pop of a missing key without a fallback');
    },
  },
  {
    name: 'test_setdefault',
    async run({ session }) {
      const s = session();
      assert.equal(
        await s.setDefault('foo', 'bar'),
        'bar',
        'setDefault of a missing key must store and return the default',
      );
      assert.equal(await s.setDefault('foo', 'baz'), 'bar', 'setDefault of a present key must return the stored value');
      assert.equal(s.accessed, true, 'setDefault must mark the session accessed');
      assert.equal(s.modified, true, 'setDefault must mark the session modified');
    },
  },
  {
    name: 'test_update',
    async run({ session }) {
      const s = session();
      await s.update({ 'update key': 1 });
      assert.equal(s.accessed, true, 'update must mark the session accessed');
      assert.equal(s.modified, true, 'update must mark the session modified');
      assert.equal(await s.get('update key', null), 1, 'update must store its entries');
    },
  },
  {
    name: 'test_has_key',
    async run({ session }) {
      const s = session();
      await s.set('some key', 1);
      s.accessed = false;
      s.modified = false;
      assert.equal(await s.has('some key'), true, 'has must find a key that was set');
      assert.equal(s.accessed, true, 'has must mark the session accessed');
      assert.equal(s.modified, false, 'has must not mark the session modified');
    },
  },
  {
    name: 'test_values',
    async run({ session }) {
      const s = session();
      assert.deepEqual(await s.values(), [], 'values of a new session must be empty');
      assert.equal(s.accessed, true, 'values must mark the session accessed');
      await s.set('some key', 1);
      s.accessed = false;
      s.modified = false;
      assert.deepEqual(await s.values(), [1], 'values must list the stored values');
      assert.equal(s.accessed, true, 'values must mark the session accessed');
      assert.equal(s.modified, false, 'values must not mark the session modified');
    },
  },
  {
    name: 'test_keys',
    async run({ session }) {
      const s = session();
      await s.set('x', 1);
      s.accessed = false;
      s.modified = false;
      assert.deepEqual(await s.keys(), ['x'], 'keys must list the stored keys');
      assert.equal(s.accessed, true, 'keys must mark the session accessed');
      assert.equal(s.modified, false, 'keys must not mark the session modified');
    },
  },
  {
    name: 'test_items',
    async run({ session }) {
      const s = session();
      await s.set('x', 1);
      s.accessed = false;
      s.modified = false;
      assert.deepEqual(await s.entries(), [['x', 1]], 'entries must list the stored pairs');
      assert.equal(s.accessed, true, 'entries must mark the session accessed');
      assert.equal(s.modified, false, 'entries must not mark the session modified');
    },
  },
  {
    name: 'test_clear',
    async run({ session }) {
      const s = session();
      await s.set('x', 1);
      s.accessed = false;
      s.modified = false;
      assert.deepEqual(await s.entries(), [['x', 1]], 'entries must list the stored pairs before clear');
      s.clear();
      assert.deepEqual(await s.entries(), [], 'clear must remove every key');
      assert.equal(s.accessed, true, 'clear must mark the session accessed');
      assert.equal(s.modified, true, 'clear must mark the session modified');
    },
  },
];
