import type { Clock } from '../clock.js';
import { CreateError, UpdateError } from '../errors.js';
import type { SessionData } from '../json/types.js';
import { clearExpiredInBatches } from './batches.js';
import { engineClosed } from './deadline.js';
import { storedEngineCapabilities } from './capabilities.js';
import { checkExpectedVersion, requireValidKey } from './guards.js';
import { hashKey, isValidKey } from './keys.js';
import { type LoadNow, pairLoadNow } from './load-now.js';
import { LruRecords } from './lru-records.js';
import { positiveWholeNumber, resolveStoredEngineOptions, type StoredEngineOptions } from './options.js';
import { prepareExpiry, prepareRecord, type RecordRules } from './record.js';
import { DecodedRecord } from './record-object.js';
import type { ClearExpiredOptions, EngineCapabilities, SessionEngine, SessionRecord, UpdateOptions } from './types.js';

export interface MemoryEngineOptions extends StoredEngineOptions {
  /** Keep keys as SHA-256 hashes, as stored engines do at rest; on by default. */
  hashKeys?: boolean;
  /**
   * Most records kept; creating one more evicts the least recently used (loaded, created,
   * updated or touched) one, whose visitor then gets a fresh session. Default 100,000
   * (about 20 MB of small sessions).
   */
  maxSessions?: number;
  /** How often expired records are swept, on an unref'd timer stopped by `close()`. Default 60,000 ms; 0: never. */
  sweepIntervalMs?: number;
}

/** Default `maxSessions`. */
export const DEFAULT_MAX_SESSIONS = 100_000;
/** Default `sweepIntervalMs`. */
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/** One stored record: the JSON text (a copy nobody else holds), its expiry in ms, its version. */
export interface MemoryEntry {
  readonly json: string;
  readonly expiresAt: number;
  readonly version?: string;
}

/**
 * A process-local engine for tests, demos and single-process apps. Every record is kept
 * as JSON text, so callers can never mutate stored data and sizes are real byte counts.
 * Expiry is decided by the injected clock: a record is dead once `expiresAt <= now`.
 * Bounded: at most `maxSessions` records (least recently used evicted first: see
 * lru-records.ts), and expired ones are swept periodically.
 */
export class MemoryEngine implements SessionEngine {
  readonly name: string = 'memory';
  readonly capabilities: EngineCapabilities;
  /** Records by key at rest (hashed unless `hashKeys: false`), in use order. Protected for test subclasses. */
  protected readonly records = new LruRecords<MemoryEntry>();
  protected readonly clock: Clock;
  readonly #hashKeys: boolean;
  readonly #maxSessions: number;
  readonly #sweeper: NodeJS.Timeout | undefined;
  #closed = false;
  #recordRules: RecordRules | undefined;

  constructor(options: MemoryEngineOptions = {}) {
    const { clock, maxDataBytes } = resolveStoredEngineOptions(options);
    this.clock = clock;
    this.capabilities = storedEngineCapabilities({ maxDataBytes, optimisticConcurrency: true });
    // Stryker disable all: maxSessions and sweepIntervalMs are MemoryEngine's own options, outside
    // the engine contract; test/engine/memory-bounds.test.ts checks them (mutation/REPORT.md).
    this.#maxSessions = positiveWholeNumber(options.maxSessions, 'maxSessions', DEFAULT_MAX_SESSIONS);
    const sweepMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    if (sweepMs !== 0) positiveWholeNumber(sweepMs, 'sweepIntervalMs', DEFAULT_SWEEP_INTERVAL_MS);
    if (sweepMs !== 0) {
      this.#sweeper = setInterval(() => this.#sweep(), sweepMs);
      this.#sweeper.unref();
    }
    // Stryker restore all
    this.#hashKeys = options.hashKeys ?? true;
  }

  /** Records held, expired ones not yet swept included. */
  // Stryker disable next-line all: outside the engine contract (memory-bounds.test.ts reads it)
  get size(): number {
    return this.records.size;
  }

  async load(key: string): Promise<SessionRecord | null> {
    return this.#loadNow(key);
  }

  /** `load` without its promise (see load-now.ts); the session calls it while `load` is this one. */
  static {
    pairLoadNow(MemoryEngine.prototype.load, function (this: MemoryEngine, key: string) {
      return this.#loadNow(key);
    } as LoadNow);
  }

  #loadNow(key: string): SessionRecord | null {
    this.#ensureOpen('load');
    // Stryker disable next-line ConditionalExpression: equivalent, no record is ever stored under such a key
    if (!isValidKey(key, this.capabilities)) return null;
    const storageKey = this.storageKey(key);
    const entry = this.liveEntry(storageKey);
    if (entry === undefined) return null;
    this.records.use(storageKey);
    const data = decode(entry.json);
    if (data === null) return null;
    // The JSON was written from checked data by encode(): it parses back to storable values.
    return new DecodedRecord(data, new Date(entry.expiresAt), entry.version);
  }

  async create(key: string, record: SessionRecord): Promise<string> {
    this.#ensureOpen('create');
    requireValidKey(this.name, key, this.capabilities, 'create');
    const entry = this.encode(record);
    const storageKey = this.storageKey(key);
    // An expired record may be replaced; a live one never.
    if (this.liveEntry(storageKey) !== undefined) throw new CreateError(`[${this.name}] key already in use`);
    this.records.delete(storageKey);
    // Stryker disable all: the maxSessions bound is outside the engine contract (memory-bounds.test.ts)
    while (this.records.size >= this.#maxSessions) this.records.delete(this.records.oldestKey() as string);
    // Stryker restore all
    this.records.set(storageKey, entry);
    return key;
  }

  async update(key: string, record: SessionRecord, options?: UpdateOptions): Promise<string> {
    this.#ensureOpen('update');
    requireValidKey(this.name, key, this.capabilities, 'update');
    const entry = this.encode(record);
    const storageKey = this.storageKey(key);
    const live = this.liveEntry(storageKey);
    if (live === undefined) throw new UpdateError(`[${this.name}] no live session to update`);
    checkExpectedVersion(this.name, live.version, options);
    this.records.set(storageKey, entry);
    return key;
  }

  /** Moves a live record's expiry; its JSON and version stay as stored. */
  async touch(key: string, expiresAt: Date): Promise<void> {
    this.#ensureOpen('touch');
    requireValidKey(this.name, key, this.capabilities, 'touch');
    const ms = prepareExpiry(this.name, expiresAt);
    const storageKey = this.storageKey(key);
    const live = this.liveEntry(storageKey);
    if (live === undefined) throw new UpdateError(`[${this.name}] no live session to touch`);
    this.records.set(storageKey, new Entry(live.json, ms, live.version));
  }

  async delete(key: string): Promise<void> {
    this.#ensureOpen('delete');
    // Stryker disable next-line ConditionalExpression: equivalent, no record is ever stored under such a key
    if (isValidKey(key, this.capabilities)) this.records.delete(this.storageKey(key));
  }

  async exists(key: string): Promise<boolean> {
    this.#ensureOpen('exists');
    // Stryker disable next-line ConditionalExpression: equivalent, no record is ever stored under such a key
    if (!isValidKey(key, this.capabilities)) return false;
    return this.liveEntry(this.storageKey(key)) !== undefined;
  }

  /**
   * Removes expired records `batchSize` at a time, yielding to the event loop between batches.
   * Each record is read as the pass reaches it: one replaced meanwhile by a create is kept.
   */
  async clearExpired(options?: ClearExpiredOptions): Promise<number> {
    this.#ensureOpen('clearExpired');
    // One pass over the map: its iterator stays valid while entries are deleted.
    const entries = this.records.entries();
    return clearExpiredInBatches(options, async (limit) => {
      const now = this.clock.now();
      let removed = 0;
      while (removed < limit) {
        const next = entries.next();
        if (next.done === true) break;
        const [storageKey, entry] = next.value;
        if (entry.expiresAt <= now && this.records.delete(storageKey)) removed += 1;
      }
      return removed;
    });
  }

  /** Idempotent; afterwards every call rejects with EngineUnavailableError. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
  }

  /** Drops every expired record; the timer's job, synchronous (a Map walk). */
  // Stryker disable all: the sweep timer is outside the engine contract (memory-bounds.test.ts)
  #sweep(): void {
    const now = this.clock.now();
    for (const [storageKey, entry] of this.records) if (entry.expiresAt <= now) this.records.delete(storageKey);
  }
  // Stryker restore all

  #ensureOpen(operation: string): void {
    if (this.#closed) throw engineClosed(this.name, operation);
  }

  /** The key as kept at rest. */
  protected storageKey(key: string): string {
    return this.#hashKeys ? hashKey(key) : key;
  }

  /** The entry if it is still alive by the injected clock; an expired one is dropped on sight. */
  protected liveEntry(storageKey: string): MemoryEntry | undefined {
    const entry = this.records.get(storageKey);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.clock.now()) return entry;
    this.records.delete(storageKey);
    return undefined;
  }

  /** Validates and copies a record into its stored form, before anything is overwritten. */
  protected encode(record: SessionRecord): MemoryEntry {
    const { text, expiresAt, version } = prepareRecord(record, this.#rules());
    return new Entry(text, expiresAt, version);
  }

  /** Built at the first write, not per write (a subclass may set `name` after this constructor). */
  #rules(): RecordRules {
    this.#recordRules ??= {
      engineName: this.name,
      maxDataBytes: this.capabilities.maxDataBytes,
      encode: (data) => JSON.stringify(data),
      encodeJson: (json) => json,
    };
    return this.#recordRules;
  }

  /** The keys (at rest) of every record dead by the injected clock. */
  // Stryker disable all: MemoryEngine never calls it (test subclasses do), so no engine call can reach it
  protected expiredKeys(): string[] {
    const now = this.clock.now();
    return [...this.records].filter(([, entry]) => entry.expiresAt <= now).map(([storageKey]) => storageKey);
  }
}

// Stryker restore all
/** A stored record: a class, not a literal (see SessionRecordObject on V8's pretenuring). */
class Entry implements MemoryEntry {
  declare readonly version?: string;

  constructor(
    readonly json: string,
    readonly expiresAt: number,
    version: string | undefined,
  ) {
    // Stryker disable next-line ConditionalExpression: equivalent, `version: undefined` is no version
    if (version !== undefined) (this as { version?: string }).version = version;
  }
}

/** The stored JSON back as data; null (an empty session) when it is not a JSON object (JSON null is null). */
function decode(json: string): SessionData | null {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && !Array.isArray(value) ? (value as SessionData | null) : null;
  } catch {
    return null;
  }
}
