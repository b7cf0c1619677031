import { CreateError } from '../errors.js';
import { assertJsonValue } from '../engine/json.js';
import { isValidKey } from '../engine/keys.js';
import type { SessionData, SessionEngine, SessionRecord } from '../engine/types.js';
import { generateVersionToken } from '../engine/version-token.js';
import { loadNowOf } from '../engine/load-now.js';
import { CheckedRecord, DecodedRecord, SessionRecordObject } from '../engine/record-object.js';
import { takeDecodedMark } from '../json/checked.js';
import { SessionDataMap } from './session-data.js';
import { CREATED_KEY, createdStamp, pastAbsoluteTimeout, sessionDeadline } from './created.js';
import { EXPIRY_KEY } from './expiry.js';
import { expiryDate } from './expiry-policy.js';
import { SessionConfig, type SessionOptions } from './session-config.js';
import { ADAPTER_STATE } from './session-symbols.js';
import type { DataShape } from './data-shape.js';

/** The version and expiry of the stored record, as loaded or as this session last wrote it (a class: see SessionConfig). */
class StoredState {
  constructor(
    readonly version: string | undefined,
    readonly expiresAt: Date,
  ) {}
}

/**
 * What ties a session to its engine: the key, Django's `accessed` and `modified` flags, the
 * data loaded once and lazily, and the load, save, create, flush and key cycling. `Session`
 * adds the dictionary API and the expiry getters on top (session.ts).
 */
export abstract class SessionCore<D extends DataShape<D>> {
  readonly engine: SessionEngine;
  /** Whether a key was given at construction, valid or not (the request carried a cookie). */
  readonly keyGiven: boolean;
  /** The resolved options, shared by every session of one manager (see SessionConfig). */
  protected readonly config: SessionConfig;
  #accessed = false;
  #modified = false;
  #onTouch: ((session: never) => void) | undefined;
  #key: string | null;
  #cache: SessionDataMap | null = null;
  #loading: Promise<SessionDataMap> | null = null;
  /** Keys whose object values were handed out, and so may have been mutated in place. */
  #exposed: Set<string> | null = null;
  #exposedAll = false;
  /** The loaded data came from an engine without the decoded mark: a save checks it all. */
  #uncheckedLoad = false;
  #stored: StoredState | null = null;
  /** See ADAPTER_STATE. */
  [ADAPTER_STATE]: unknown = undefined;

  constructor(
    engine: SessionEngine,
    key: string | null | undefined,
    options: SessionOptions,
    onTouch: ((session: never) => void) | undefined,
  ) {
    this.engine = engine;
    this.keyGiven = typeof key === 'string';
    this.#key = this.keyGiven && isValidKey(key, engine.capabilities) ? (key as string) : null;
    this.config = SessionConfig.of(options);
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

  /** Empties the data without loading it or touching the store. */
  clear(): void {
    this.#cache = SessionDataMap.empty();
    this.#uncheckedLoad = false;
    this.accessed = true;
    this.modified = true;
  }

  /**
   * Clears the data, deletes the stored record and then drops the key, as Django does: while the
   * delete fails the key stays, so the cookie is not cleared over a record that lives on.
   * Creates nothing.
   */
  async flush(): Promise<void> {
    this.clear();
    const key = this.#key;
    if (key !== null) await this.engine.delete(key);
    this.#key = null;
  }

  /** Moves the data to a fresh key and deletes the old record (against session fixation). */
  async cycleKey(): Promise<void> {
    const data = await this.loaded();
    const previous = this.#key;
    await this.create();
    this.#cache = data;
    if (previous !== null) await this.engine.delete(previous);
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
    else if (data === null) data = await this.loaded();
    else this.accessed = true; // as loaded() would, without a promise
    const record = this.#record(data);
    const key = this.#key;
    const expectedVersion = this.config.optimistic ? this.#stored?.version : undefined;
    if (options.mustCreate) this.#key = await this.engine.create(key, record);
    else if (expectedVersion === undefined) this.#key = await this.engine.update(key, record);
    else this.#key = await this.engine.update(key, record, { expectedVersion });
    this.#stored = new StoredState(record.version, record.expiresAt);
  }

  /** Saves the current data under a fresh key, retrying on collisions. */
  async create(): Promise<void> {
    const { maxCreateAttempts } = this.config;
    for (let attempt = 0; attempt < maxCreateAttempts; attempt++) {
      this.#key = this.config.generateKey();
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
    throw new CreateError(`no unused session key after ${maxCreateAttempts} attempts`);
  }

  /** The data as a plain object with a null prototype, as it would be stored. */
  toData(): SessionData {
    const out = Object.create(null) as SessionData;
    for (const [key, value] of this.#cache?.entries() ?? []) out[key] = value;
    return out;
  }

  /** The loaded data, or null when nothing was loaded or set yet. Sets no flag. */
  protected get loadedNow(): SessionDataMap | null {
    return this.#cache;
  }

  /** The loaded data, empty data when nothing was loaded (for the data view, after `clear()` or `flush()`). */
  protected loadedOrEmpty(): SessionDataMap {
    this.#cache ??= SessionDataMap.empty();
    return this.#cache;
  }

  /** The object value of `key` was handed out or given: it may change in place, so a save checks it again. */
  protected exposed(key: string): void {
    this.#exposed ??= new Set();
    this.#exposed.add(key);
  }

  /** Every value was handed out (`values()`, `entries()`): a save checks them all. */
  protected exposedAll(): void {
    this.#exposedAll = true;
  }

  /** `expiry`, or the absolute timeout's deadline when that comes first. */
  protected capped(expiry: Date): Date {
    const deadline = this.deadline();
    return deadline !== undefined && deadline < expiry ? deadline : expiry;
  }

  /** When `absoluteTimeout` ends this session, if it is set and the data says when it began. */
  protected deadline(): Date | undefined {
    return sessionDeadline(this.#cache?.get(CREATED_KEY), this.config.absoluteTimeout, this.config.clock.now());
  }

  protected now(): Date {
    return new Date(this.config.clock.now());
  }

  /** Every data access goes through here: sets `accessed`, and loads once even when raced. */
  protected loaded(): Promise<SessionDataMap> {
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
      if (loadNow !== undefined && this.config.absoluteTimeout === undefined) {
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

  /**
   * The record to store. Values were checked when set; only objects handed out since (and so
   * perhaps mutated in place) are checked again, so a plain read+write pays for no second walk.
   */
  #record(data: SessionDataMap): SessionRecord {
    // A session from before absoluteTimeout was set gets its creation time on its next write.
    if (this.config.absoluteTimeout !== undefined && !data.has(CREATED_KEY)) {
      data.set(CREATED_KEY, createdStamp(this.config.clock.now()));
    }
    if (this.#exposedAll) {
      for (const [key, value] of data.entries()) assertJsonValue(value, key);
    } else if (this.#exposed !== null) {
      for (const key of this.#exposed) if (data.has(key)) assertJsonValue(data.get(key), key);
    }
    // The data object itself: the engine reads it during the call (the contract's snapshot rule).
    const snapshot = data.object;
    const expiresAt = this.capped(expiryDate(data.get(EXPIRY_KEY), this.now(), this.config));
    // Engines that store versions get a fresh token on every write, whatever the mode.
    const version = this.engine.capabilities.optimisticConcurrency === true ? generateVersionToken() : undefined;
    // Every value is now known storable, unless loaded data came unmarked: the engine skips its walk.
    return this.#uncheckedLoad
      ? new SessionRecordObject(snapshot, expiresAt, version)
      : new CheckedRecord(snapshot, expiresAt, version);
  }

  /** The live record, or null (the key dropped). One past `absoluteTimeout` is deleted. */
  async #fetch(): Promise<SessionRecord | null> {
    const key = this.#key;
    const record = key === null ? null : await this.engine.load(key);
    const { absoluteTimeout, clock } = this.config;
    if (record !== null && !pastAbsoluteTimeout(record.data, absoluteTimeout, clock.now())) return record;
    if (record !== null) await this.engine.delete(key as string);
    this.#key = null;
    return null;
  }

  #touch(): void {
    const onTouch = this.#onTouch;
    if (onTouch === undefined) return;
    this.#onTouch = undefined;
    onTouch(this as never);
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
