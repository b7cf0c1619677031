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
      assert.equal(s.modified, false);
      assert.equal(s.accessed, false);
    },
  },
  {
    name: 'test_get_empty',
    async run({ session }) {
      assert.equal(await session().get('cat'), undefined);
    },
  },
  {
    name: 'test_store',
    async run({ session }) {
      const s = session();
      await s.set('cat', 'dog');
      assert.equal(s.modified, true);
      assert.equal(await s.pop('cat'), 'dog');
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
      assert.equal(await s.pop('some key'), 'exists');
      assert.equal(s.accessed, true);
      assert.equal(s.modified, true);
      assert.equal(await s.get('some key'), undefined);
    },
  },
  {
    name: 'test_pop_default',
    async run({ session }) {
      const s = session();
      assert.equal(await s.pop('some key', 'does not exist'), 'does not exist');
      assert.equal(s.accessed, true);
      assert.equal(s.modified, false);
    },
  },
  {
    // Python's `default=` keyword has no JS twin; an explicit `undefined` fallback is the nearest.
    name: 'test_pop_default_named_argument',
    async run({ session }) {
      const s = session();
      assert.equal(await s.pop('some key', undefined), undefined);
      assert.equal(s.accessed, true);
      assert.equal(s.modified, false);
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
      assert.equal(await s.setDefault('foo', 'bar'), 'bar');
      assert.equal(await s.setDefault('foo', 'baz'), 'bar');
      assert.equal(s.accessed, true);
      assert.equal(s.modified, true);
    },
  },
  {
    name: 'test_update',
    async run({ session }) {
      const s = session();
      await s.update({ 'update key': 1 });
      assert.equal(s.accessed, true);
      assert.equal(s.modified, true);
      assert.equal(await s.get('update key', null), 1);
    },
  },
  {
    name: 'test_has_key',
    async run({ session }) {
      const s = session();
      await s.set('some key', 1);
      s.accessed = false;
      s.modified = false;
      assert.equal(await s.has('some key'), true);
      assert.equal(s.accessed, true);
      assert.equal(s.modified, false);
    },
  },
  {
    name: 'test_values',
    async run({ session }) {
      const s = session();
      assert.deepEqual(await s.values(), []);
      assert.equal(s.accessed, true);
      await s.set('some key', 1);
      s.accessed = false;
      s.modified = false;
      assert.deepEqual(await s.values(), [1]);
      assert.equal(s.accessed, true);
      assert.equal(s.modified, false);
    },
  },
  {
    name: 'test_keys',
    async run({ session }) {
      const s = session();
      await s.set('x', 1);
      s.accessed = false;
      s.modified = false;
      assert.deepEqual(await s.keys(), ['x']);
      assert.equal(s.accessed, true);
      assert.equal(s.modified, false);
    },
  },
  {
    name: 'test_items',
    async run({ session }) {
      const s = session();
      await s.set('x', 1);
      s.accessed = false;
      s.modified = false;
      assert.deepEqual(await s.entries(), [['x', 1]]);
      assert.equal(s.accessed, true);
      assert.equal(s.modified, false);
    },
  },
  {
    name: 'test_clear',
    async run({ session }) {
      const s = session();
      await s.set('x', 1);
      s.accessed = false;
      s.modified = false;
      assert.deepEqual(await s.entries(), [['x', 1]]);
      s.clear();
      assert.deepEqual(await s.entries(), []);
      assert.equal(s.accessed, true);
      assert.equal(s.modified, true);
    },
  },
];
