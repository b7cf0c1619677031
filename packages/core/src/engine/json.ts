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
