import { CreateError, SessionConflictError, UpdateError } from '../errors.js';
import { isValidKey, type KeyRules } from './keys.js';
import type { UpdateOptions } from './types.js';

/**
 * Checks a key before any I/O on a write: a key outside the engine's rules can hold no record,
 * so `create` throws `CreateError` and `update`/`touch` throw `UpdateError`. Reads need no
 * helper: `isValidKey` false means `load` is null, `exists` false, `delete` a no-op.
 */
export function requireValidKey(
  engineName: string,
  key: unknown,
  rules: KeyRules,
  operation: 'create' | 'update' | 'touch',
): asserts key is string {
  if (isValidKey(key, rules)) return;
  if (operation === 'create') throw new CreateError(`[${engineName}] refusing a key outside the engine's key rules`);
  throw new UpdateError(`[${engineName}] no live session to ${operation}`);
}

/**
 * Optimistic concurrency for engines that compare in process: throws `SessionConflictError`
 * when `expectedVersion` is given and the live record's stored version differs from it (a
 * record stored without a version matches none). Call it once a live record is known to exist.
 */
export function checkExpectedVersion(engineName: string, stored: string | undefined, options?: UpdateOptions): void {
  const expected = options?.expectedVersion;
  if (expected === undefined || stored === expected) return;
  throw new SessionConflictError(`[${engineName}] the session changed since it was loaded`);
}
