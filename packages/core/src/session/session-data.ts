import type { JsonValue, SessionData } from '../engine/types.js';

const { hasOwn } = Object;
const PROTO = '__proto__';

/**
 * A session's loaded data: the plain object the engine decoded, read and written in place.
 * A Map filled from it and copied back out for the save cost about as much as the request's
 * JSON (callgrind, a 1 KB session on MemoryEngine). Only own properties count, so names of
 * `Object.prototype` (`constructor`, `toString`) read as absent until set, and `__proto__` is
 * a plain key, defined rather than assigned, so it never changes the prototype.
 */
export class SessionDataMap {
  readonly #object: SessionData;

  /** `object` becomes this map's own: nobody else may hold it (see `adopt`). */
  private constructor(object: SessionData) {
    this.#object = object;
  }

  static empty(): SessionDataMap {
    return new SessionDataMap({});
  }

  /**
   * The loaded data: taken as it is when `owned` (an object core just decoded, which nobody
   * else holds), else copied, so that changes never reach an object the engine may keep.
   */
  static adopt(data: SessionData, owned: boolean): SessionDataMap {
    return new SessionDataMap(owned ? data : (Object.fromEntries(Object.entries(data)) as SessionData));
  }

  /** The data as one object, for the save: the engine reads it during the call (the contract's snapshot rule). */
  get object(): SessionData {
    return this.#object;
  }

  get(key: string): JsonValue | undefined {
    const object = this.#object;
    return hasOwn(object, key) ? object[key] : undefined;
  }

  has(key: string): boolean {
    return hasOwn(this.#object, key);
  }

  set(key: string, value: JsonValue): void {
    if (key === PROTO) {
      Object.defineProperty(this.#object, key, { value, writable: true, enumerable: true, configurable: true });
    } else {
      this.#object[key] = value;
    }
  }

  /** Removes `key`; false when it was absent. */
  delete(key: string): boolean {
    if (!hasOwn(this.#object, key)) return false;
    delete this.#object[key];
    return true;
  }

  isEmpty(): boolean {
    for (const key in this.#object) if (hasOwn(this.#object, key)) return false;
    return true;
  }

  keys(): string[] {
    return Object.keys(this.#object);
  }

  values(): JsonValue[] {
    return Object.values(this.#object);
  }

  entries(): [string, JsonValue][] {
    return Object.entries(this.#object);
  }
}
