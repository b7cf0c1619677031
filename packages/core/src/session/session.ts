import { KeyNotFoundError } from '../errors.js';
import { assertJsonValue } from '../engine/json.js';
import type { JsonValue, SessionData, SessionEngine } from '../engine/types.js';
import { createDataView } from './data-view.js';
import type { DataShape } from './data-shape.js';
import { EXPIRY_KEY, type StoredExpiry, secondsUntil, toDjangoIsoformat } from './expiry.js';
import { expiresAtBrowserClose, expiryAge, expiryDate } from './expiry-policy.js';
import type { SessionOptions } from './session-config.js';
import { SessionCore } from './session-core.js';
import { COOKIE_MAX_AGE, NOT_LOADED, TEST_COOKIE_NAME, TEST_COOKIE_VALUE } from './session-symbols.js';

export type { ConcurrencyMode, SessionOptions } from './session-config.js';
export type { DataShape } from './data-shape.js';
export { ADAPTER_STATE, COOKIE_MAX_AGE, NOT_LOADED, TEST_COOKIE_NAME, TEST_COOKIE_VALUE } from './session-symbols.js';

type Key<D> = Extract<keyof D, string>;
type Value<D, K extends keyof D> = Exclude<D[K], undefined>;

/** Overrides for the expiry getters, as Django's `modification=` and `expiry=` keyword arguments. */
export interface ExpiryOverrides {
  modification?: Date;
  /** When present (even as null) the session is not read. */
  expiry?: StoredExpiry | Date | null;
}

/**
 * A visitor's data, loaded lazily from the engine on first access. Flags follow Django:
 * every data access sets `accessed`; writes set `modified`. Values are returned as stored,
 * so after mutating a nested value set `modified = true` yourself. The key, the flags, load,
 * save and the key's lifecycle are in SessionCore (session-core.ts).
 */
export class Session<D extends DataShape<D> = SessionData> extends SessionCore<D> {
  #view: Partial<D> | null = null;

  /**
   * `onTouch` is called once, synchronously, with this session, when it is first accessed or
   * marked modified (adapters hook the response then). It is a parameter of its own so that
   * callers can share one `options` object between all sessions, and it is given the session so
   * that one function can serve every request (no closure per request).
   */
  constructor(
    engine: SessionEngine,
    key: string | null | undefined,
    options: SessionOptions = {},
    onTouch?: (session: Session<D>) => void,
  ) {
    super(engine, key, options, onTouch as ((session: never) => void) | undefined);
  }

  /**
   * One await, then plain data: `const s = await session.data(); s.visits = (s.visits ?? 0) + 1;`.
   * Reads and writes on the object are synchronous; assigning or deleting a top-level key marks
   * the session modified. After mutating a nested value in place, reassign its key (or set
   * `modified`). Loads the session like any other access.
   */
  async data(): Promise<Partial<D>> {
    await this.loaded();
    this.#view ??= createDataView<Partial<D>>({
      data: () => {
        this.accessed = true;
        return this.loadedOrEmpty();
      },
      exposed: (key) => this.exposed(key),
      modified: () => {
        this.modified = true;
      },
    });
    return this.#view;
  }

  async get<K extends Key<D>>(key: K): Promise<Value<D, K> | undefined>;
  async get<K extends Key<D>, F>(key: K, fallback: F): Promise<Value<D, K> | F>;
  async get(key: string, fallback?: unknown): Promise<unknown> {
    const data = await this.loaded();
    if (!data.has(key)) return fallback;
    const value = data.get(key);
    this.#given(key, value);
    return value;
  }

  async set<K extends Key<D>>(key: K, value: Value<D, K>): Promise<void> {
    assertJsonValue(value, key);
    (await this.loaded()).set(key, value as JsonValue);
    this.#given(key, value);
    this.modified = true;
  }

  /** Removes `key`; a missing key throws `KeyNotFoundError`, as Django's `del session[key]`. */
  async delete(key: Key<D>): Promise<void> {
    const data = await this.loaded();
    if (!data.delete(key)) throw new KeyNotFoundError(`session has no key ${JSON.stringify(key)}`);
    this.modified = true;
  }

  async has(key: Key<D>): Promise<boolean> {
    return (await this.loaded()).has(key);
  }

  async keys(): Promise<Key<D>[]> {
    return (await this.loaded()).keys() as Key<D>[];
  }

  async values(): Promise<Value<D, Key<D>>[]> {
    const data = await this.loaded();
    this.exposedAll();
    return data.values() as Value<D, Key<D>>[];
  }

  async entries(): Promise<[Key<D>, Value<D, Key<D>>][]> {
    const data = await this.loaded();
    this.exposedAll();
    return data.entries() as [Key<D>, Value<D, Key<D>>][];
  }

  /** Removes and returns `key`. Without a fallback, a missing key throws `KeyNotFoundError`. */
  async pop<K extends Key<D>>(key: K): Promise<Value<D, K>>;
  async pop<K extends Key<D>, F>(key: K, fallback: F): Promise<Value<D, K> | F>;
  async pop(key: string, ...fallback: unknown[]): Promise<unknown> {
    const data = await this.loaded();
    if (!data.has(key)) {
      if (fallback.length > 0) return fallback[0];
      throw new KeyNotFoundError(`session has no key ${JSON.stringify(key)}`);
    }
    const value = data.get(key);
    data.delete(key);
    this.modified = true;
    return value;
  }

  /** Returns the value of `key`, storing `value` first when the key is absent. */
  async setDefault<K extends Key<D>>(key: K, value: Value<D, K>): Promise<Value<D, K>> {
    if (await this.has(key)) return (await this.get(key)) as Value<D, K>;
    await this.set(key, value);
    return value;
  }

  /** Merges `values` in. Marks the session modified even when `values` is empty. */
  async update(values: Partial<D>): Promise<void> {
    const entries = Object.entries(values).filter(([, v]) => v !== undefined);
    for (const [key, value] of entries) assertJsonValue(value, key);
    const data = await this.loaded();
    for (const [key, value] of entries) {
      data.set(key, value as JsonValue);
      this.#given(key, value);
    }
    this.modified = true;
  }

  /** Seconds of inactivity (0: browser close), an absolute `Date`, or null for the default. */
  async setExpiry(value: number | Date | null): Promise<void> {
    const data = await this.loaded();
    if (value === null) {
      if (data.delete(EXPIRY_KEY)) this.modified = true;
      return;
    }
    if (value instanceof Date) {
      data.set(EXPIRY_KEY, toDjangoIsoformat(value));
    } else if (Number.isInteger(value)) {
      data.set(EXPIRY_KEY, value);
    } else {
      throw new TypeError('setExpiry takes whole seconds, a Date, or null');
    }
    this.modified = true;
  }

  async getExpiryAge(overrides: ExpiryOverrides = {}): Promise<number> {
    const stored = await this.#expiryFor(overrides);
    return this.#ageAt(stored, overrides.modification ?? this.now());
  }

  /** See COOKIE_MAX_AGE: the same reads as the two getters, flags included. */
  [COOKIE_MAX_AGE](): number | undefined | typeof NOT_LOADED {
    const data = this.loadedNow;
    if (data === null) return NOT_LOADED;
    this.accessed = true;
    const stored = data.get(EXPIRY_KEY);
    return expiresAtBrowserClose(stored, this.config) ? undefined : this.#ageAt(stored, this.now());
  }

  async getExpiryDate(overrides: ExpiryOverrides = {}): Promise<Date> {
    const stored = await this.#expiryFor(overrides);
    return this.capped(expiryDate(stored, overrides.modification ?? this.now(), this.config));
  }

  async getExpireAtBrowserClose(): Promise<boolean> {
    return expiresAtBrowserClose((await this.loaded()).get(EXPIRY_KEY), this.config);
  }

  async setTestCookie(): Promise<void> {
    await this.#raw().set(TEST_COOKIE_NAME, TEST_COOKIE_VALUE);
  }

  async testCookieWorked(): Promise<boolean> {
    return (await this.#raw().get(TEST_COOKIE_NAME)) === TEST_COOKIE_VALUE;
  }

  async deleteTestCookie(): Promise<void> {
    await this.#raw().delete(TEST_COOKIE_NAME);
  }

  /** An object value handed out or given stays in the app's hands: it may change, so a save checks it again. */
  #given(key: string, value: unknown): void {
    if (typeof value === 'object' && value !== null) this.exposed(key);
  }

  #ageAt(stored: unknown, modification: Date): number {
    const age = expiryAge(stored, modification, this.config);
    const deadline = this.deadline();
    return deadline === undefined ? age : Math.min(age, secondsUntil(deadline, modification));
  }

  async #expiryFor(overrides: ExpiryOverrides): Promise<unknown> {
    if ('expiry' in overrides) {
      const value = overrides.expiry;
      return value instanceof Date ? toDjangoIsoformat(value) : value;
    }
    return (await this.loaded()).get(EXPIRY_KEY);
  }

  /** The same session, untyped: for the framework's own reserved keys. */
  #raw(): Session<SessionData> {
    return this as unknown as Session<SessionData>;
  }
}
