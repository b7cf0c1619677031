import { CreateError, KeyNotFoundError } from '../errors.js';
import { assertJsonValue } from '../engine/json.js';
import { isValidKey } from '../engine/keys.js';
import type { JsonValue, SessionData, SessionEngine, SessionRecord } from '../engine/types.js';
import { generateVersionToken } from '../engine/version-token.js';
import { loadNowOf } from '../engine/load-now.js';
import { CheckedRecord, DecodedRecord, SessionRecordObject } from '../engine/record-object.js';
import { takeDecodedMark } from '../json/checked.js';
import { SessionDataMap } from './session-data.js';
import { createDataView } from './data-view.js';
import { CREATED_KEY, createdStamp, pastAbsoluteTimeout, sessionDeadline } from './created.js';
import { EXPIRY_KEY, type StoredExpiry, secondsUntil, toDjangoIsoformat } from './expiry.js';
import { expiresAtBrowserClose, expiryAge, expiryDate } from './expiry-policy.js';
import { type ConcurrencyMode, SessionConfig, type SessionOptions } from './session-config.js';
import { ADAPTER_STATE, COOKIE_MAX_AGE, NOT_LOADED, TEST_COOKIE_NAME, TEST_COOKIE_VALUE } from './session-symbols.js';

export type { ConcurrencyMode, SessionOptions };
export { ADAPTER_STATE, COOKIE_MAX_AGE, NOT_LOADED, TEST_COOKIE_NAME, TEST_COOKIE_VALUE };

/** The shape session data may take: every value JSON. Use an interface or a type alias. */
export type DataShape<D> = { [K in keyof D]: JsonValue | undefined };
type Key<D> = Extract<keyof D, string>;
type Value<D, K extends keyof D> = Exclude<D[K], undefined>;

/** Overrides for the expiry getters, as Django's `modification=` and `expiry=` keyword arguments. */
export interface ExpiryOverrides {
  modification?: Date;
  /** When present (even as null) the session is not read. */
  expiry?: StoredExpiry | Date | null;
}

/** The version and expiry of the stored record, as loaded or as this session last wrote it (a class: see SessionConfig). */
class StoredState {
  constructor(
    readonly version: string | undefined,
    readonly expiresAt: Date,
  ) {}
}

/**
 * A visitor's data, loaded lazily from the engine on first access. Flags follow Django:
 * every data access sets `accessed`; writes set `modified`. Values are returned as stored,
 * so after mutating a nested value set `modified = true` yourself.
 */
export class Session<D extends DataShape<D> = SessionData> {
  readonly engine: SessionEngine;
  /** Whether a key was given at construction, valid or not (the request carried a cookie). */
  readonly keyGiven: boolean;
  #accessed = false;
  #modified = false;
  #onTouch: ((session: Session<D>) => void) | undefined;
  #key: string | null;
  #cache: SessionDataMap | null = null;
  #loading: Promise<SessionDataMap> | null = null;
  /** Keys whose object values were handed out, and so may have been mutated in place. */
  #exposed: Set<string> | null = null;
  #exposedAll = false;
  /** The loaded data came from an engine without the decoded mark: a save checks it all. */
  #uncheckedLoad = false;
  #view: Partial<D> | null = null;
  /** The resolved options, shared by every session of one manager (see SessionConfig). */
  readonly #config: SessionConfig;
  #stored: StoredState | null = null;
  /** See ADAPTER_STATE. */
  [ADAPTER_STATE]: unknown = undefined;

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
    this.engine = engine;
    this.keyGiven = typeof key === 'string';
    this.#key = this.keyGiven && isValidKey(key, engine.capabilities) ? (key as string) : null;
    this.#config = SessionConfig.of(options);
    this.#onTouch = onTouch;
  }

  /** Set by every data access (Django's `accessed`). */
  get accessed(): boolean {
    return this.#accessed;
  }

  set accessed(value: boolean) {
    if (value) this.#touch();
    this.#accessed = value;
  }

  /** Set by every write; set it yourself after changing a nested value in place. */
  get modified(): boolean {
    return this.#modified;
  }

  set modified(value: boolean) {
    if (value) this.#touch();
    this.#modified = value;
  }

  /** The current key (for the signed-cookie engine: the cookie value), or null. Read-only. */
  get key(): string | null {
    return this.#key;
  }

  /** The stored record's expiry as loaded (or as this session last wrote it); null before a load. */
  get storedExpiresAt(): Date | null {
    return this.#stored?.expiresAt ?? null;
  }

  /** True when there is neither a key nor loaded data. Never loads. */
  isEmpty(): boolean {
    return this.#key === null && (this.#cache === null || this.#cache.isEmpty());
  }

  /**
   * One await, then plain data: `const s = await session.data(); s.visits = (s.visits ?? 0) + 1;`.
   * Reads and writes on the object are synchronous; assigning or deleting a top-level key marks
   * the session modified. After mutating a nested value in place, reassign its key (or set
   * `modified`). Loads the session like any other access.
   */
  async data(): Promise<Partial<D>> {
    await this.#data();
    this.#view ??= createDataView<Partial<D>>({
      data: () => {
        this.accessed = true;
        this.#cache ??= SessionDataMap.empty();
        return this.#cache;
      },
      exposed: (key) => {
        this.#exposed ??= new Set();
        this.#exposed.add(key);
      },
      modified: () => {
        this.modified = true;
      },
    });
    return this.#view;
  }

  async get<K extends Key<D>>(key: K): Promise<Value<D, K> | undefined>;
  async get<K extends Key<D>, F>(key: K, fallback: F): Promise<Value<D, K> | F>;
  async get(key: string, fallback?: unknown): Promise<unknown> {
    const data = await this.#data();
    if (!data.has(key)) return fallback;
    const value = data.get(key);
    if (typeof value === 'object' && value !== null) {
      this.#exposed ??= new Set();
      this.#exposed.add(key);
    }
    return value;
  }

  async set<K extends Key<D>>(key: K, value: Value<D, K>): Promise<void> {
    assertJsonValue(value, key);
    (await this.#data()).set(key, value as JsonValue);
    this.#given(key, value);
    this.modified = true;
  }

  /** An object value given by the app stays in its hands: it may change, so a save checks it again. */
  #given(key: string, value: unknown): void {
    if (typeof value !== 'object' || value === null) return;
    this.#exposed ??= new Set();
    this.#exposed.add(key);
  }

  /** Removes `key`; a missing key throws `KeyNotFoundError`, as Django's `del session[key]`. */
  async delete(key: Key<D>): Promise<void> {
    const data = await this.#data();
    if (!data.delete(key)) throw new KeyNotFoundError(`session has no key ${JSON.stringify(key)}`);
    this.modified = true;
  }

  async has(key: Key<D>): Promise<boolean> {
    return (await this.#data()).has(key);
  }

  async keys(): Promise<Key<D>[]> {
    return (await this.#data()).keys() as Key<D>[];
  }

  async values(): Promise<Value<D, Key<D>>[]> {
    const data = await this.#data();
    this.#exposedAll = true;
    return data.values() as Value<D, Key<D>>[];
  }

  async entries(): Promise<[Key<D>, Value<D, Key<D>>][]> {
    const data = await this.#data();
    this.#exposedAll = true;
    return data.entries() as [Key<D>, Value<D, Key<D>>][];
  }

  /** Removes and returns `key`. Without a fallback, a missing key throws `KeyNotFoundError`. */
  async pop<K extends Key<D>>(key: K): Promise<Value<D, K>>;
  async pop<K extends Key<D>, F>(key: K, fallback: F): Promise<Value<D, K> | F>;
  async pop(key: string, ...fallback: unknown[]): Promise<unknown> {
    const data = await this.#data();
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
    const data = await this.#data();
    for (const [key, value] of entries) {
      data.set(key, value as JsonValue);
      this.#given(key, value);
    }
    this.modified = true;
  }

  /** Empties the data without loading it or touching the store. */
  clear(): void {
    this.#cache = SessionDataMap.empty();
    this.#uncheckedLoad = false;
    this.accessed = true;
    this.modified = true;
  }

  /** Clears the data, deletes the stored record and drops the key. Creates nothing. */
  async flush(): Promise<void> {
    this.clear();
    const key = this.#key;
    this.#key = null;
    if (key !== null) await this.engine.delete(key);
  }

  /** Moves the data to a fresh key and deletes the old record (against session fixation). */
  async cycleKey(): Promise<void> {
    const data = await this.#data();
    const previous = this.#key;
    await this.create();
    this.#cache = data;
    if (previous !== null) await this.engine.delete(previous);
  }

  /** Seconds of inactivity (0: browser close), an absolute `Date`, or null for the default. */
  async setExpiry(value: number | Date | null): Promise<void> {
    const data = await this.#data();
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
    return this.#ageAt(stored, overrides.modification ?? this.#now());
  }

  /** See COOKIE_MAX_AGE: the same reads as the two getters, flags included. */
  [COOKIE_MAX_AGE](): number | undefined | typeof NOT_LOADED {
    const data = this.#cache;
    if (data === null) return NOT_LOADED;
    this.accessed = true;
    const stored = data.get(EXPIRY_KEY);
    return expiresAtBrowserClose(stored, this.#config) ? undefined : this.#ageAt(stored, this.#now());
  }

  #ageAt(stored: unknown, modification: Date): number {
    const age = expiryAge(stored, modification, this.#config);
    const deadline = this.#deadline();
    return deadline === undefined ? age : Math.min(age, secondsUntil(deadline, modification));
  }

  async getExpiryDate(overrides: ExpiryOverrides = {}): Promise<Date> {
    const stored = await this.#expiryFor(overrides);
    return this.#capped(expiryDate(stored, overrides.modification ?? this.#now(), this.#config));
  }

  async getExpireAtBrowserClose(): Promise<boolean> {
    return expiresAtBrowserClose((await this.#data()).get(EXPIRY_KEY), this.#config);
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

  /**
   * Reads the record from the engine without touching the flags or the loaded data.
   * A missing, expired or undecodable record drops the key and gives `{}`; so does one past
   * `absoluteTimeout`, which is deleted.
   */
  async load(): Promise<Partial<D>> {
    return ((await this.#fetch())?.data ?? Object.create(null)) as Partial<D>;
  }

  /** Stores the session: updates the live record, or creates one (`mustCreate`, or no key yet). */
  async save(options: { mustCreate?: boolean } = {}): Promise<void> {
    if (this.#key === null) return this.create();
    let data = this.#cache;
    if (options.mustCreate) data ??= SessionDataMap.empty();
    else if (data === null) data = await this.#data();
    else this.accessed = true; // as #data() would, without a promise
    const record = this.#record(data);
    const key = this.#key;
    const expectedVersion = this.#config.optimistic ? this.#stored?.version : undefined;
    if (options.mustCreate) this.#key = await this.engine.create(key, record);
    else if (expectedVersion === undefined) this.#key = await this.engine.update(key, record);
    else this.#key = await this.engine.update(key, record, { expectedVersion });
    this.#stored = new StoredState(record.version, record.expiresAt);
  }

  /** Saves the current data under a fresh key, retrying on collisions. */
  async create(): Promise<void> {
    for (let attempt = 0; attempt < this.#config.maxCreateAttempts; attempt++) {
      this.#key = this.#config.generateKey();
      try {
        await this.save({ mustCreate: true });
        this.modified = true;
        return;
      } catch (error) {
        if (!(error instanceof CreateError)) {
          this.#key = null;
          throw error;
        }
      }
    }
    this.#key = null;
    throw new CreateError(`no unused session key after ${this.#config.maxCreateAttempts} attempts`);
  }

  /** The data as a plain object with a null prototype, as it would be stored. */
  toData(): SessionData {
    const out = Object.create(null) as SessionData;
    for (const [key, value] of this.#cache?.entries() ?? []) out[key] = value;
    return out;
  }

  /**
   * The record to store. Values were checked when set; only objects handed out since (and so
   * perhaps mutated in place) are checked again, so a plain read+write pays for no second walk.
   */
  #record(data: SessionDataMap): SessionRecord {
    // A session from before absoluteTimeout was set gets its creation time on its next write.
    if (this.#config.absoluteTimeout !== undefined && !data.has(CREATED_KEY)) {
      data.set(CREATED_KEY, createdStamp(this.#config.clock.now()));
    }
    if (this.#exposedAll) {
      for (const [key, value] of data.entries()) assertJsonValue(value, key);
    } else if (this.#exposed !== null) {
      for (const key of this.#exposed) if (data.has(key)) assertJsonValue(data.get(key), key);
    }
    // The data object itself: the engine reads it during the call (the contract's snapshot rule).
    const snapshot = data.object;
    const expiresAt = this.#capped(expiryDate(data.get(EXPIRY_KEY), this.#now(), this.#config));
    // Engines that store versions get a fresh token on every write, whatever the mode.
    const version = this.engine.capabilities.optimisticConcurrency === true ? generateVersionToken() : undefined;
    // Every value is now known storable, unless loaded data came unmarked: the engine skips its walk.
    return this.#uncheckedLoad
      ? new SessionRecordObject(snapshot, expiresAt, version)
      : new CheckedRecord(snapshot, expiresAt, version);
  }

  #deadline(): Date | undefined {
    return sessionDeadline(this.#cache?.get(CREATED_KEY), this.#config.absoluteTimeout, this.#config.clock.now());
  }

  #capped(expiry: Date): Date {
    const deadline = this.#deadline();
    return deadline !== undefined && deadline < expiry ? deadline : expiry;
  }

  /** The live record, or null (the key dropped). One past `absoluteTimeout` is deleted. */
  async #fetch(): Promise<SessionRecord | null> {
    const key = this.#key;
    const record = key === null ? null : await this.engine.load(key);
    if (record !== null && !pastAbsoluteTimeout(record.data, this.#config.absoluteTimeout, this.#config.clock.now()))
      return record;
    if (record !== null) await this.engine.delete(key as string);
    this.#key = null;
    return null;
  }

  async #expiryFor(overrides: ExpiryOverrides): Promise<unknown> {
    if ('expiry' in overrides) {
      const value = overrides.expiry;
      return value instanceof Date ? toDjangoIsoformat(value) : value;
    }
    return (await this.#data()).get(EXPIRY_KEY);
  }

  #now(): Date {
    return new Date(this.#config.clock.now());
  }

  #touch(): void {
    const onTouch = this.#onTouch;
    if (onTouch === undefined) return;
    this.#onTouch = undefined;
    onTouch(this);
  }

  /** The same session, untyped: for the framework's own reserved keys. */
  #raw(): Session<SessionData> {
    return this as unknown as Session<SessionData>;
  }

  /** Every data access goes through here: sets `accessed`, and loads once even when raced. */
  #data(): Promise<SessionDataMap> {
    this.accessed = true;
    if (this.#cache !== null) return Promise.resolve(this.#cache);
    if (this.#key === null) {
      this.#cache = SessionDataMap.empty();
      return Promise.resolve(this.#cache);
    }
    if (this.#loading === null) {
      const loadNow = loadNowOf(this.engine);
      // A synchronous engine: no promise per layer. A record past absoluteTimeout must be
      // deleted (I/O), so that case takes the async path below.
      if (loadNow !== undefined && this.#config.absoluteTimeout === undefined) {
        try {
          return Promise.resolve(this.#adopt(loadNow.call(this.engine, this.#key)));
        } catch (error) {
          return Promise.reject(error);
        }
      }
    }
    this.#loading ??= this.#loadOnce();
    return this.#loading;
  }

  async #loadOnce(): Promise<SessionDataMap> {
    try {
      return this.#adopt(await this.#fetch());
    } finally {
      this.#loading = null;
    }
  }

  /** The loaded record (null: none, the key dropped) becomes the session's data. */
  #adopt(record: SessionRecord | null): SessionDataMap {
    if (record === null) this.#key = null;
    else this.#stored = new StoredState(record.version, record.expiresAt);
    // Data set while the load ran (or cleared) wins over the loaded data.
    if (this.#cache !== null) return this.#cache;
    if (record === null) {
      this.#cache = SessionDataMap.empty();
      return this.#cache;
    }
    // Data core just decoded is storable and nobody else's: kept as it is, unwalked and uncopied.
    const decoded = record instanceof DecodedRecord || takeDecodedMark(record.data);
    this.#uncheckedLoad = !decoded;
    this.#cache = SessionDataMap.adopt(record.data, decoded);
    return this.#cache;
  }
}
