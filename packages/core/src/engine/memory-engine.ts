import { type Clock, systemClock } from '../clock.js';
import { CreateError, SerializationError, SessionTooLargeError, UpdateError } from '../errors.js';
import { DEFAULT_MAX_DATA_BYTES, storedEngineCapabilities } from './capabilities.js';
import { hashKey } from './keys.js';
import type {
  ClearExpiredOptions,
  CommonEngineOptions,
  EngineCapabilities,
  SessionData,
  SessionEngine,
  SessionRecord,
} from './types.js';

const DEFAULT_BATCH_SIZE = 1000;

export interface MemoryEngineOptions extends CommonEngineOptions {
  /** Largest encoded record (UTF-8 bytes of its JSON) accepted; 1 MiB by default. */
  maxDataBytes?: number;
  /** Keep keys as SHA-256 hashes, as stored engines do at rest; on by default. */
  hashKeys?: boolean;
}

/** One stored record: the JSON text (a copy nobody else holds) and its expiry in ms. */
export interface MemoryEntry {
  readonly json: string;
  readonly expiresAt: number;
}

/**
 * A process-local engine for tests, demos and single-process apps. Every record is kept
 * as JSON text, so callers can never mutate stored data and sizes are real byte counts.
 * Expiry is decided by the injected clock: a record is dead once `expiresAt <= now`.
 */
export class MemoryEngine implements SessionEngine {
  readonly name: string = 'memory';
  readonly capabilities: EngineCapabilities;
  /** Records by key at rest (hashed unless `hashKeys: false`). Protected for test subclasses. */
  protected readonly records = new Map<string, MemoryEntry>();
  protected readonly clock: Clock;
  readonly #hashKeys: boolean;

  constructor(options: MemoryEngineOptions = {}) {
    const maxDataBytes = options.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES;
    if (!Number.isInteger(maxDataBytes) || maxDataBytes <= 0) {
      throw new RangeError('maxDataBytes must be a positive whole number of bytes');
    }
    this.clock = options.clock ?? systemClock;
    this.#hashKeys = options.hashKeys ?? true;
    this.capabilities = storedEngineCapabilities({ maxDataBytes });
  }

  async load(key: string): Promise<SessionRecord | null> {
    const entry = this.liveEntry(this.storageKey(key));
    if (entry === undefined) return null;
    const data = decode(entry.json);
    return data === null ? null : { data, expiresAt: new Date(entry.expiresAt) };
  }

  async create(key: string, record: SessionRecord): Promise<string> {
    const entry = this.encode(record);
    const storageKey = this.storageKey(key);
    // An expired record may be replaced; a live one never.
    if (this.liveEntry(storageKey) !== undefined) throw new CreateError(`[${this.name}] key already in use`);
    this.records.set(storageKey, entry);
    return key;
  }

  async update(key: string, record: SessionRecord): Promise<string> {
    const entry = this.encode(record);
    const storageKey = this.storageKey(key);
    if (this.liveEntry(storageKey) === undefined) {
      throw new UpdateError(`[${this.name}] no live session to update`);
    }
    this.records.set(storageKey, entry);
    return key;
  }

  async delete(key: string): Promise<void> {
    this.records.delete(this.storageKey(key));
  }

  async exists(key: string): Promise<boolean> {
    return this.liveEntry(this.storageKey(key)) !== undefined;
  }

  /**
   * Removes expired records `batchSize` at a time, yielding to the event loop between batches.
   * Each record is checked again as it is removed: a create may have replaced it meanwhile.
   */
  async clearExpired(options: ClearExpiredOptions = {}): Promise<number> {
    const { batchSize = DEFAULT_BATCH_SIZE, onProgress, signal } = options;
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError('batchSize must be a positive integer');
    signal?.throwIfAborted();
    const candidates = this.expiredKeys();
    let removed = 0;
    for (let start = 0; start < candidates.length; start += batchSize) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      for (const storageKey of candidates.slice(start, start + batchSize)) {
        const entry = this.records.get(storageKey);
        if (entry !== undefined && entry.expiresAt <= now && this.records.delete(storageKey)) removed += 1;
      }
      onProgress?.(removed);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return removed;
  }

  async close(): Promise<void> {}

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
    const expiresAt = record.expiresAt instanceof Date ? record.expiresAt.getTime() : Number.NaN;
    // A NaN expiry would compare as never expired: an immortal record.
    if (!Number.isFinite(expiresAt)) throw new TypeError(`[${this.name}] expiresAt must be a valid Date`);
    const json = JSON.stringify(record.data);
    if (typeof json !== 'string') throw new SerializationError(`[${this.name}] data is not a JSON object`);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > this.capabilities.maxDataBytes) {
      throw new SessionTooLargeError(
        `[${this.name}] session data is ${bytes} bytes, over the ${this.capabilities.maxDataBytes}-byte limit`,
      );
    }
    return { json, expiresAt };
  }

  /** The keys (at rest) of every record dead by the injected clock. */
  protected expiredKeys(): string[] {
    const now = this.clock.now();
    return [...this.records].filter(([, entry]) => entry.expiresAt <= now).map(([storageKey]) => storageKey);
  }
}

/** The stored JSON back as data; null (an empty session) when it is not a JSON object. */
function decode(json: string): SessionData | null {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SessionData) : null;
  } catch {
    return null;
  }
}
