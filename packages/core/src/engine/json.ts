import { SerializationError } from '../errors.js';
import type { JsonValue } from './types.js';

/**
 * Throws `SerializationError` naming the path of the first value JSON cannot carry
 * faithfully: functions, symbols, undefined, bigint, non-finite numbers, cycles,
 * and objects that are not plain (Date, Map, class instances) — JSON.stringify would
 * drop or reshape those silently.
 */
export function assertJsonValue(value: unknown, path = 'value'): asserts value is JsonValue {
  check(value, path, new Set());
}

/** Deeper than this, `isJsonValue` gives up (a cycle, or absurd nesting) and says false. */
const MAX_QUICK_DEPTH = 100;

/**
 * The same rules as `assertJsonValue`, as a quick yes/no with no paths and no allocations:
 * for hot paths. On false, call `assertJsonValue` to name the culprit (it also catches cycles).
 */
export function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth >= MAX_QUICK_DEPTH) return false;
      if (Array.isArray(value)) {
        // Indexed, so a hole reads as undefined and is refused (JSON.stringify would write null).
        for (let i = 0; i < value.length; i++) if (!isJsonValue(value[i], depth + 1)) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      const object = value as Record<string, unknown>;
      for (const key of Object.keys(object)) if (!isJsonValue(object[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

function check(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (Number.isFinite(value)) return;
      throw new SerializationError(`${path} is ${value}, which JSON cannot represent`);
    case 'object':
      if (value === null) return;
      checkObject(value, path, ancestors);
      return;
    default:
      throw new SerializationError(`${path} is a ${typeof value}, which JSON cannot represent`);
  }
}

function checkObject(value: object, path: string, ancestors: Set<object>): void {
  if (ancestors.has(value)) throw new SerializationError(`${path} is a circular reference`);
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) check(item, `${path}[${index}]`, ancestors);
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new SerializationError(`${path} is a ${kind}; only plain objects, arrays and primitives can be stored`);
    }
    for (const [key, item] of Object.entries(value)) check(item, `${path}.${key}`, ancestors);
  }
  ancestors.delete(value);
}
