import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type SessionData, SessionTooLargeError } from '@sessionkit/core';
import { describeError, expectError, isErrorOf, jsonCopy } from '../assertions.js';
import type { CaseContext, ConformanceCase } from '../case.js';

/** How a padding string of n units is built: one random text, cut to length, so sizes grow monotonically. */
interface Padding {
  readonly label: string;
  make(length: number): string;
}

/** Random base64: 1 byte per character, and incompressible enough that a codec cannot squeeze it under the limit. */
function asciiPadding(maxDataBytes: number): Padding {
  const text = randomBytes(maxDataBytes * 2 + 64).toString('base64');
  return { label: 'ASCII (1 byte per character)', make: (length) => text.slice(0, length) };
}

/** Random CJK ideographs: 3 UTF-8 bytes but 1 UTF-16 unit each, so a limit counted in characters shows. */
function multiBytePadding(maxDataBytes: number): Padding {
  const random = randomBytes(2 * multiByteUpperBound(maxDataBytes));
  const units = new Uint16Array(random.length / 2);
  for (let i = 0; i < units.length; i++) units[i] = 0x4e00 + (random.readUInt16LE(2 * i) % 0x5000);
  const text = Buffer.from(units.buffer).toString('utf16le');
  return { label: 'multi-byte UTF-8 (3 bytes per character)', make: (length) => text.slice(0, length) };
}

/**
 * A length in characters that no engine may accept: 3 bytes each, and even a codec that
 * squeezes random ideographs to their entropy (about 60%) and then base64s them stays above.
 */
function multiByteUpperBound(maxDataBytes: number): number {
  return Math.ceil(maxDataBytes / 2) + 64;
}

const payload = (padding: Padding, length: number): SessionData => ({ pad: padding.make(length) });

/** Whether `create` accepts the payload; any error but SessionTooLargeError fails the case. */
async function fits(context: CaseContext, padding: Padding, length: number): Promise<boolean> {
  try {
    await context.engine.create(context.freshKey(), context.record(payload(padding, length)));
    return true;
  } catch (error) {
    if (isErrorOf(error, SessionTooLargeError)) return false;
    assert.fail(
      `create of ${length} ${padding.label} characters must succeed or throw SessionTooLargeError, got ${describeError(error)}`,
    );
  }
}

/** The largest padding length that `create` accepts, found by bisection between 0 and an upper bound that must not fit. */
async function largestFitting(context: CaseContext, padding: Padding, upper: number): Promise<number> {
  const { maxDataBytes } = context.capabilities;
  assert.ok(
    await fits(context, padding, 0),
    `maxDataBytes ${maxDataBytes}: a record with empty padding must be accepted`,
  );
  assert.ok(
    !(await fits(context, padding, upper)),
    `maxDataBytes ${maxDataBytes}: ${upper} ${padding.label} characters must be refused with SessionTooLargeError`,
  );
  let low = 0;
  let high = upper;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await fits(context, padding, middle)) low = middle;
    else high = middle;
  }
  return low;
}

/** The settled size rule, for one kind of padding: ≤ maxDataBytes round-trips exactly, one more is refused. */
async function sizeBoundary(context: CaseContext, padding: Padding, upper: number): Promise<void> {
  const { engine, seed, record, hooks, capabilities } = context;
  const { maxDataBytes } = capabilities;
  const largest = await largestFitting(context, padding, upper);
  const fitting = payload(padding, largest);
  const tooBig = payload(padding, largest + 1);
  const key = await seed({ before: true });
  // A cookie engine answers with a new cookie value; a stored engine with the same key.
  const cookie = await engine.update(key, record(fitting));
  const loaded = await engine.load(cookie);
  assert.deepEqual(
    jsonCopy(loaded?.data),
    fitting,
    `a record within maxDataBytes must round-trip exactly: ${largest} ${padding.label} characters came back changed`,
  );
  await expectError(
    engine.update(cookie, record(tooBig)),
    SessionTooLargeError,
    `one ${padding.label} character more than the largest accepted record (${largest + 1}) must be refused`,
  );
  assert.deepEqual(
    jsonCopy((await engine.load(cookie))?.data),
    fitting,
    'a refused oversized update must leave the previous record intact',
  );
  const bytesOf = hooks.encodedBytes;
  if (bytesOf === undefined) return;
  const fittingBytes = await bytesOf(fitting);
  const tooBigBytes = await bytesOf(tooBig);
  assert.ok(
    fittingBytes <= maxDataBytes,
    `maxDataBytes counts UTF-8 bytes of the encoded record: an accepted record encodes to ${fittingBytes} > ${maxDataBytes} bytes`,
  );
  assert.ok(
    tooBigBytes > maxDataBytes,
    `every record whose encoding is <= maxDataBytes must be accepted: a refused one encodes to ${tooBigBytes} <= ${maxDataBytes} bytes`,
  );
}

/** Size rule (settled answer 2), measured by bisection over `create`. */
export const sizeLimitCases: readonly ConformanceCase[] = [
  {
    name: 'size: the largest ASCII record that fits round-trips; one byte more is SessionTooLargeError, old record intact',
    slow: true,
    run: (context) => {
      const { maxDataBytes } = context.capabilities;
      return sizeBoundary(context, asciiPadding(maxDataBytes), maxDataBytes * 2 + 64);
    },
  },
  {
    name: 'size: the largest multi-byte UTF-8 record that fits round-trips; one character more is SessionTooLargeError',
    slow: true,
    run: (context) => {
      const { maxDataBytes } = context.capabilities;
      return sizeBoundary(context, multiBytePadding(maxDataBytes), multiByteUpperBound(maxDataBytes));
    },
  },
];
