import assert from 'node:assert/strict';
import { EngineUnavailableError } from '@sessionkit/core';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * `instanceof`, or the same class name: two copies of core may be loaded (CJS and ESM
 * builds), and errors from another realm (jest's sandbox) fail `instanceof Error`.
 */
export function isErrorOf(error: unknown, errorClass: ErrorClass): boolean {
  if (error instanceof errorClass) return true;
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === errorClass.name;
}

/** Awaits `operation` and asserts it rejected with `errorClass`; resolves to the error. */
export async function expectError(operation: Promise<unknown>, errorClass: ErrorClass, what: string): Promise<Error> {
  let outcome: unknown;
  try {
    outcome = await operation;
  } catch (error) {
    if (isErrorOf(error, errorClass)) {
      // A clear error, not just a typed one: an empty message helps nobody reading a log.
      const message = (error as Error).message;
      assert.ok(typeof message === 'string' && message.trim() !== '', `${what}: the ${errorClass.name} has no message`);
      return error as Error;
    }
    assert.fail(`${what}: expected ${errorClass.name}, got ${describeError(error)}`);
  }
  assert.fail(`${what}: expected ${errorClass.name}, but it resolved to ${describeValue(outcome)}`);
}

/** `expectError` for `EngineUnavailableError`, which must also name the failed method in `operation`. */
export async function expectUnavailable(call: Promise<unknown>, operation: string, what: string): Promise<Error> {
  const error = await expectError(call, EngineUnavailableError, what);
  const named = (error as { operation?: unknown }).operation;
  assert.equal(named, operation, `${what}: the EngineUnavailableError must name '${operation}' in \`operation\``);
  return error;
}

/** Asserts that a loaded data object has no keys at all. */
export function assertEmptyData(data: object, what: string): void {
  assert.deepEqual(Object.keys(data), [], `${what}: expected no data`);
}

/** Asserts `actual` is within `toleranceMs` of `expected`. */
export function assertInstant(
  actual: Date | null | undefined,
  expected: number,
  toleranceMs: number,
  what: string,
): void {
  assert.ok(actual instanceof Date, `${what}: expected a Date, got ${describeValue(actual)}`);
  const drift = actual.getTime() - expected;
  // Compared as numbers and printed safely: an invalid Date in an AssertionError crashes some reporters.
  assert.ok(
    Math.abs(drift) <= toleranceMs,
    `${what}: ${formatInstant(actual)} is ${drift} ms from ${formatInstant(expected)} (tolerance ${toleranceMs} ms)`,
  );
}

/** An instant as ISO text, or a plain description when it is not a valid time (never throws). */
export function formatInstant(value: unknown): string {
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number') return `not a time (${describeValue(value)})`;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : `an invalid time (${ms})`;
}

/** A JSON-faithful copy, so a comparison does not depend on the prototype an engine chose. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function describeError(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('message' in error)) return `a thrown ${describeValue(error)}`;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return `${String(name)}: ${String(message)}`;
}

export function describeValue(value: unknown): string {
  if (value instanceof Date) return formatInstant(value);
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value).slice(0, 200);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
