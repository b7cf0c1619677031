import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  type JsonValue,
  type SessionData,
  type SessionRecord,
  SerializationError,
  SessionTooLargeError,
} from '@sessionkit/core';
import { expectError, jsonCopy } from '../assertions.js';
import type { CaseContext, CaseGroup } from '../case.js';
import { stored } from '../conditions.js';
import { prototypeKeyedData, roundTripSample, unserializableValues } from './data-samples.js';
import { sizeLimitCases } from './size-limits.js';
import { unfaithfulJsonCases } from './unfaithful-json.js';

const TEN_YEARS_MS = 10 * 365 * 24 * 3_600_000;

/** What goes in comes out, and nothing else gets in (checklist sections C and D). */
export const dataSafetyGroup: CaseGroup = {
  name: 'data safety',
  cases: [
    {
      name: 'data: the engine round trip is exact (non-ASCII, nesting, numbers, empty containers)',
      async run({ engine, record, freshKey, capabilities: { maxDataBytes } }) {
        const cookie = await engine.create(freshKey(), record(roundTripSample(maxDataBytes)));
        assert.deepEqual(
          jsonCopy((await engine.load(cookie))?.data),
          roundTripSample(maxDataBytes),
          'engine create then load must round-trip the data exactly',
        );
      },
    },
    {
      name: 'data: the Session round trip through the engine is exact',
      async run({ session, capabilities: { maxDataBytes } }) {
        const s = session();
        await s.update(roundTripSample(maxDataBytes));
        await s.save();
        assert.deepEqual(
          Object.fromEntries(await session(s.key).entries()),
          roundTripSample(maxDataBytes),
          'Session save then load must round-trip the data exactly',
        );
      },
    },
    {
      name: 'data: a "__proto__" key is kept as data and pollutes nothing',
      async run({ engine, session, record, freshKey }) {
        const cookie = await engine.create(freshKey(), record(prototypeKeyedData()));
        const loaded = await engine.load(cookie);
        assert.ok(loaded, 'the record loads');
        assert.ok(Object.hasOwn(loaded.data, '__proto__'), '"__proto__" comes back as an own key');
        assert.equal((loaded.data as Record<string, unknown>).isAdmin, undefined, 'the prototype was not replaced');
        const s = session(cookie);
        assert.deepEqual(
          jsonCopy(await s.get('__proto__')),
          { isAdmin: true },
          'a "__proto__" key must come back as data',
        );
        assert.equal(await s.get('isAdmin'), undefined, 'a "__proto__" key must not become the prototype');
        assert.equal(({} as Record<string, unknown>).isAdmin, undefined, 'Object.prototype is untouched');
        assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
      },
    },
    {
      name: 'data: records are copies, neither the caller nor a reader can change them',
      async run({ engine, record, freshKey, clock, capabilities }) {
        const data = { list: [1], nested: { a: 1 } };
        const written = record(data);
        const diesAt = written.expiresAt.getTime();
        const cookie = await engine.create(freshKey(), written);
        data.list.push(2);
        data.nested.a = 99;
        const first = await engine.load(cookie);
        assert.ok(first, 'the record loads');
        (first.data.list as JsonValue[]).push(3);
        // A load handing out the stored Date lets a reader move the expiry of the stored record.
        const expiresAt = first.expiresAt.getTime();
        first.expiresAt.setTime(expiresAt + TEN_YEARS_MS);
        const second = await engine.load(cookie);
        assert.deepEqual(
          jsonCopy(second?.data),
          { list: [1], nested: { a: 1 } },
          'stored data must not change when the caller or a reader mutates its copy',
        );
        assert.equal(
          second?.expiresAt.getTime(),
          expiresAt,
          'the stored expiry must not change when a reader moves the expiresAt of its copy',
        );
        if (!capabilities.usesInjectedClock) return;
        clock.set(diesAt + capabilities.ttlResolutionMs);
        assert.equal(
          await engine.load(cookie),
          null,
          'the record must still die at its expiry after a reader moved the expiresAt of its copy',
        );
      },
    },
    {
      name: 'data: create and update store the record as it was when called, whatever the caller changes after',
      run: writesStoreTheRecordAsCalled,
    },
    {
      name: 'data: oversized data on create throws SessionTooLargeError and stores nothing',
      async run({ engine, record, freshKey, capabilities }) {
        const key = freshKey();
        const creating = engine.create(key, record({ blob: oversizedText(capabilities.maxDataBytes) }));
        await expectError(creating, SessionTooLargeError, `create of more than ${capabilities.maxDataBytes} bytes`);
        if (capabilities.exists)
          assert.equal(await engine.exists(key), false, 'an oversized create must store nothing: exists is true');
      },
    },
    {
      name: 'data: oversized data on update throws SessionTooLargeError and keeps the previous record',
      when: stored,
      async run({ engine, record, seed, capabilities }) {
        const key = await seed({ small: true });
        const updating = engine.update(key, record({ blob: oversizedText(capabilities.maxDataBytes) }));
        await expectError(updating, SessionTooLargeError, `update to more than ${capabilities.maxDataBytes} bytes`);
        assert.deepEqual(
          jsonCopy((await engine.load(key))?.data),
          { small: true },
          'an oversized update must leave the previous record intact',
        );
      },
    },
    {
      name: 'data: an unserializable value is refused at set with SerializationError',
      async run({ session }) {
        for (const [label, value] of unserializableValues()) {
          const s = session();
          await expectError(s.set('k', value as JsonValue), SerializationError, `set of a ${label}`);
          assert.equal(await s.has('k'), false, `a refused ${label} is not stored`);
          assert.equal(s.modified, false, `a refused ${label} does not mark the session modified`);
        }
      },
    },
    {
      name: 'data: an unserializable nested mutation is refused at save, the stored record intact',
      run: nestedMutationRefusedAtSave,
    },
    ...sizeLimitCases,
    ...unfaithfulJsonCases,
  ],
};

async function nestedMutationRefusedAtSave({ session, engine }: CaseContext): Promise<void> {
  const s = session();
  await s.set('obj', { list: [] });
  await s.save();
  const key = s.key;
  assert.ok(key, 'save gives the session a key');
  const obj = (await s.get('obj')) as { list: unknown[] };
  obj.list.push(() => 1);
  s.modified = true;
  await expectError(s.save(), SerializationError, 'save after an unserializable nested mutation');
  assert.deepEqual(
    jsonCopy((await engine.load(key))?.data),
    { obj: { list: [] } },
    'a save refused with SerializationError must leave the stored record intact',
  );
}

/**
 * The caller changes the record in the same tick as the call, before awaiting it: a nested
 * value and a top-level key of its data, then (apart, as a dead expiry would hide the rest)
 * its expiry. An engine that reads the record after its first await (e.g. for a second store
 * written after the first) would keep the changes. Loaded twice: the first load may be what
 * fills a cache, the second what it serves.
 */
async function writesStoreTheRecordAsCalled({ engine, record, freshKey }: CaseContext): Promise<void> {
  const original = (kept: string): SessionData => ({ list: [1], nested: { a: 1 }, kept });
  const changeData = (written: SessionRecord): void => {
    const data = written.data as { list: number[]; nested: { a: number }; kept?: string; added?: boolean };
    data.list.push(2);
    data.nested.a = 99;
    delete data.kept;
    data.added = true;
  };
  const loadsAsCalled = async (cookie: string, expected: SessionData, call: string): Promise<void> => {
    for (const attempt of ['first', 'second']) {
      assert.deepEqual(
        jsonCopy((await engine.load(cookie))?.data),
        expected,
        `${call} must store the record as it was when called, not as the caller changed it meanwhile (${attempt} load)`,
      );
    }
  };
  const created = record(original('created'));
  const creating = engine.create(freshKey(), created);
  changeData(created);
  const cookie = await creating;
  await loadsAsCalled(cookie, original('created'), 'create');
  const updated = record(original('updated'));
  const updating = engine.update(cookie, updated);
  changeData(updated);
  const next = await updating;
  await loadsAsCalled(next, original('updated'), 'update');
  const moved = record(original('moved'));
  const moving = engine.update(next, moved);
  moved.expiresAt.setTime(0);
  await loadsAsCalled(await moving, original('moved'), 'update (its expiry changed meanwhile)');
}

/** Random base64 text: incompressible, so it stays over the limit whatever the engine's encoding. */
function oversizedText(maxDataBytes: number): string {
  return randomBytes(maxDataBytes + 64).toString('base64');
}
