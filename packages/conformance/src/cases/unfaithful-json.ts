import assert from 'node:assert/strict';
import { type JsonValue, type SessionData, SerializationError } from '@sessionkit/core';
import { describeError, expectError, isErrorOf, jsonCopy } from '../assertions.js';
import type { CaseContext, ConformanceCase } from '../case.js';
import { stored } from '../conditions.js';
import { unserializableValues } from './data-samples.js';

/** The contract's nesting limit (MAX_JSON_DEPTH): deeper data is refused. */
const MAX_DEPTH = 1000;

/** Data whose containers nest `levels` deep, the data object itself being level 1. */
export function nestedData(levels: number): SessionData {
  let inner: JsonValue = {};
  for (let level = 2; level < levels; level++) inner = level % 2 === 0 ? [inner] : { n: inner };
  return levels <= 1 ? {} : { n: inner };
}

/** Numbers JSON.stringify would silently change: each is refused. */
function unfaithfulNumbers(): [label: string, value: unknown][] {
  return [
    ['2**64 (an integer beyond 2^53)', 2 ** 64],
    ['2**53+1 (an integer beyond 2^53)', 2 ** 53 + 1],
    ['-(2**53+1)', -(2 ** 53 + 1)],
    ['-0 (JSON writes 0)', -0],
    ['-0 nested in an array', [1, -0]],
    ['NaN (JSON writes null)', Number.NaN],
    ['Infinity (JSON writes null)', Number.POSITIVE_INFINITY],
    ['-Infinity (JSON writes null)', Number.NEGATIVE_INFINITY],
  ];
}

/** create must throw SerializationError and leave nothing stored. */
async function refusedOnCreate(context: CaseContext, label: string, data: SessionData): Promise<void> {
  const { engine, record, freshKey, capabilities } = context;
  const key = freshKey();
  await expectError(engine.create(key, record(data)), SerializationError, `create of data holding ${label}`);
  if (capabilities.storage === 'stored') {
    assert.equal(await engine.load(key), null, `a create refused for ${label} must store nothing`);
  }
}

/** update must throw SerializationError and leave the previous record intact. */
async function refusedOnUpdate(context: CaseContext, label: string, data: SessionData): Promise<void> {
  const { engine, record, seed } = context;
  const key = await seed({ previous: true });
  await expectError(engine.update(key, record(data)), SerializationError, `update to data holding ${label}`);
  assert.deepEqual(
    jsonCopy((await engine.load(key))?.data),
    { previous: true },
    `an update refused for ${label} must leave the previous record intact`,
  );
}

/** Settled answer 6: what JSON cannot carry faithfully is refused before anything is written. */
export const unfaithfulJsonCases: readonly ConformanceCase[] = [
  {
    name: 'json: create refuses unsafe integers, -0, NaN and ±Infinity with SerializationError',
    async run(context) {
      for (const [label, value] of unfaithfulNumbers())
        await refusedOnCreate(context, label, { v: value as JsonValue });
    },
  },
  {
    name: 'json: create refuses undefined, functions, symbols, bigint, non-plain objects and cycles',
    async run(context) {
      for (const [label, value] of unserializableValues()) {
        await refusedOnCreate(context, `a ${label}`, { v: value as JsonValue });
      }
    },
  },
  {
    name: 'json: update refuses unfaithful data and keeps the previous record intact',
    when: stored,
    async run(context) {
      const all = [...unfaithfulNumbers(), ...unserializableValues()];
      for (const [label, value] of all) await refusedOnUpdate(context, label, { v: value as JsonValue });
      await refusedOnUpdate(context, `nesting ${MAX_DEPTH + 1} levels deep`, nestedData(MAX_DEPTH + 1));
    },
  },
  {
    name: 'json: nesting deeper than 1,000 levels is refused with SerializationError; 1,000 levels round-trip',
    async run(context) {
      const { engine, record, freshKey, capabilities } = context;
      await refusedOnCreate(context, `nesting ${MAX_DEPTH + 1} levels deep`, nestedData(MAX_DEPTH + 1));
      const deepest = nestedData(MAX_DEPTH);
      // A cookie-sized engine cannot hold it at all; its size limit is another case's business.
      if (Buffer.byteLength(JSON.stringify(deepest)) * 2 > capabilities.maxDataBytes) return;
      const cookie = await engine.create(freshKey(), record(deepest));
      assert.deepEqual(
        jsonCopy((await engine.load(cookie))?.data),
        deepest,
        `data nested exactly ${MAX_DEPTH} levels deep must be accepted and round-trip`,
      );
    },
  },
  {
    name: 'json: nesting 10,000 levels deep is SerializationError, never a stack overflow (RangeError)',
    async run({ engine, record, freshKey }) {
      try {
        await engine.create(freshKey(), record(nestedData(10_000)));
      } catch (error) {
        assert.ok(
          isErrorOf(error, SerializationError),
          `data nested 10,000 deep must be refused with SerializationError, got ${describeError(error)}`,
        );
        return;
      }
      assert.fail('data nested 10,000 deep must be refused with SerializationError, but create resolved');
    },
  },
];
