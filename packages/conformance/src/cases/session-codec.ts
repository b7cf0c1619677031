import assert from 'node:assert/strict';
import { assertEmptyData } from '../assertions.js';
import type { CaseContext, ConformanceCase } from '../case.js';
import { hasHook } from '../conditions.js';
import type { RecordDamage } from '../options.js';

/** Django's SessionTestsMixin, the encode/decode half, seen through the engine. */
export const sessionCodecCases: readonly ConformanceCase[] = [
  {
    name: 'test_decode',
    async run({ session }) {
      const s = session();
      await s.set('a test key', 'a test value');
      await s.save();
      assert.deepEqual(
        await session(s.key).entries(),
        [['a test key', 'a test value']],
        'a saved session must reload with the same entries',
      );
    },
  },
  {
    name: 'test_decode_failure_logged_to_security',
    when: hasHook('corruptRecord'),
    run: (context) => damagedRecordLoadsEmpty(context, 'tampered'),
  },
  {
    name: 'test_decode_serializer_exception',
    when: hasHook('corruptRecord'),
    run: (context) => damagedRecordLoadsEmpty(context, 'undecodable'),
  },
];

/** A record that no longer decodes loads as nothing: no throw, an empty session, the key dropped. */
async function damagedRecordLoadsEmpty(context: CaseContext, damage: RecordDamage): Promise<void> {
  const { session, engine, hooks } = context;
  const s = session();
  await s.set('x', 1);
  await s.save();
  const key = s.key;
  assert.ok(key, 'save gives the session a key');
  await hooks.corruptRecord?.(key, damage);
  assert.equal(await engine.load(key), null, `engine.load of a ${damage} record`);
  const reloaded = session(key);
  assertEmptyData(await reloaded.load(), `Session.load of a ${damage} record`);
  assert.equal(reloaded.key, null, 'a session whose record does not decode must drop its key');
  assert.equal(await session(key).get('x'), undefined, 'a session whose record does not decode must load empty');
}
