import { assertJsonValue } from '../engine/json.js';
import type { JsonValue } from '../engine/types.js';
import type { SessionDataMap } from './session-data.js';

/** What the view needs from its session: the loaded data (replaced by `clear()`), and the flags. */
export interface DataViewHooks {
  /** The session's loaded data, looked up on every use (`clear()` and `flush()` swap it). */
  data(): SessionDataMap;
  /** An object value was handed out or assigned: it may be mutated in place, so it is checked again at save. */
  exposed(key: string): void;
  /** A top-level write or delete happened. */
  modified(): void;
}

/**
 * The session's data as a plain-looking object: reads and writes are synchronous and go straight
 * to the loaded data. Assigning or deleting a top-level key marks the session modified (Django's
 * `request.session[key] = value`); a value that JSON cannot carry exactly is refused with
 * SerializationError at the assignment. Assigning `undefined` deletes the key. Mutating a nested
 * value in place does not mark the session: reassign the key, or set `session.modified = true`.
 */
export function createDataView<T extends object>(hooks: DataViewHooks): T {
  const handler: ProxyHandler<Record<string, unknown>> = {
    get(_target, prop) {
      if (typeof prop !== 'string') return undefined;
      const value = hooks.data().get(prop);
      if (typeof value === 'object' && value !== null) hooks.exposed(prop);
      return value;
    },
    set(_target, prop, value: unknown) {
      if (typeof prop !== 'string') throw new TypeError('session data keys are strings');
      const data = hooks.data();
      if (value === undefined) {
        if (data.delete(prop)) hooks.modified();
        return true;
      }
      assertJsonValue(value, prop);
      data.set(prop, value as JsonValue);
      // The app keeps its reference to an object it assigns: checked again at save, as one read.
      if (typeof value === 'object' && value !== null) hooks.exposed(prop);
      hooks.modified();
      return true;
    },
    deleteProperty(_target, prop) {
      if (typeof prop === 'string' && hooks.data().delete(prop)) hooks.modified();
      return true;
    },
    has(_target, prop) {
      return typeof prop === 'string' && hooks.data().has(prop);
    },
    ownKeys() {
      return hooks.data().keys();
    },
    getOwnPropertyDescriptor(_target, prop) {
      if (typeof prop !== 'string' || !hooks.data().has(prop)) return undefined;
      return { value: handler.get?.({}, prop, undefined), writable: true, enumerable: true, configurable: true };
    },
    defineProperty() {
      throw new TypeError('assign session data with `data.key = value`');
    },
    setPrototypeOf() {
      return false;
    },
  };
  return new Proxy(Object.create(null) as Record<string, unknown>, handler) as T;
}
