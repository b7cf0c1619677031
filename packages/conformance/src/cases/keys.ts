import assert from 'node:assert/strict';
import { generateSessionKey, isValidKey } from '@sessionkit/core';
import type { CaseGroup } from '../case.js';
import { hasHook, stored } from '../conditions.js';
import { countingEngine } from '../spy.js';
import { keyLengthCases } from './key-lengths.js';

/** Keys a stored engine must never accept: traversal, separators, control and meta characters. */
const HOSTILE_KEYS: readonly string[] = [
  '../../../../etc/passwd',
  'a/b/c/defgh',
  'a\\b\\c\\defgh',
  '..%2f..%2fabcd',
  'abcd\u0000efgh',
  'abcd\r\nefgh',
  'abcd\tefgh',
  'abcd efgh',
  'abcd*efgh',
  'abcd?efgh',
  "abcd'efgh",
  'a'.repeat(4096),
];

/** Key validation and key handling at the engine boundary (checklist section A). */
export const keyGroup: CaseGroup = {
  name: 'keys',
  cases: [
    {
      name: 'keys: generated keys match the declared key rules',
      when: stored,
      async run({ session, capabilities }) {
        for (let i = 0; i < 100; i++)
          assert.ok(
            isValidKey(generateSessionKey(), capabilities),
            'every generated key must fit the declared key rules',
          );
        const s = session();
        await s.save();
        assert.ok(isValidKey(s.key, capabilities), `the saved key ${String(s.key)} fits the declared rules`);
      },
    },
    {
      name: 'keys: the declared rules reject traversal, separators, control characters and huge keys',
      when: stored,
      async run({ capabilities }) {
        const accepted = HOSTILE_KEYS.filter((key) => isValidKey(key, capabilities));
        assert.deepEqual(
          accepted.map((key) => JSON.stringify(key.slice(0, 40))),
          [],
          'the declared key rules must reject every hostile key',
        );
      },
    },
    {
      name: 'keys: an invalid key never reaches the engine',
      async run({ session, engine, capabilities }) {
        const counted = countingEngine(engine);
        const invalid = ['', '1234567', ...HOSTILE_KEYS].filter((key) => !isValidKey(key, capabilities));
        for (const key of invalid) {
          const s = session(key, { engine: counted.engine });
          assert.equal(s.key, null, 'a session must not adopt a key outside the rules');
          assert.equal(await s.get('x'), undefined, 'a session with a key outside the rules must load empty');
        }
        assert.equal(counted.calls.load, 0, 'no load for an invalid key');
      },
    },
    {
      name: 'keys: an unknown well-formed key is replaced by a fresh one on save',
      when: stored,
      async run({ session, engine, freshKey }) {
        const unknownKey = freshKey();
        const s = session(unknownKey);
        await s.set('x', 1);
        await s.save();
        assert.ok(s.key, 'save gives the session a key');
        assert.notEqual(s.key, unknownKey, 'a key the visitor chose is never adopted');
        assert.equal(
          await engine.exists(unknownKey),
          false,
          'saving under an unknown key must not create a record under it',
        );
      },
    },
    {
      name: 'keys: a key differing only in case does not load the record',
      when: stored,
      async run({ engine, seed }) {
        const key = await seed({ a: 1 });
        const shouted = key.toUpperCase();
        if (shouted === key) return; // an all-digit key has no upper case
        const loaded = await engine.load(shouted).catch(() => null);
        assert.equal(loaded, null, 'a key differing only in case must not load the record');
      },
    },
    {
      name: 'keys: keys are hashed at rest',
      when: hasHook('rawKeys'),
      async run({ engine, freshKey, record, hooks }) {
        const key = await engine.create(freshKey(), record({ a: 1 }));
        const raw = (await hooks.rawKeys?.()) ?? [];
        assert.ok(raw.length > 0, 'rawKeys lists the stored record');
        // A count, not deepEqual: arrays from a driver may come from another realm.
        const plainCopies = raw.filter((rawKey) => rawKey.includes(key)).length;
        assert.equal(plainCopies, 0, 'the plain key appears nowhere in the store');
      },
    },
    ...keyLengthCases,
  ],
};
