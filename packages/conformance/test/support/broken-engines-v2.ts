import {
  type ClearExpiredOptions,
  ConfigError,
  CreateError,
  type SessionData,
  type SessionRecord,
  type UpdateOptions,
  SessionTooLargeError,
  prepareRecord,
  SuspiciousSessionError,
} from '@sessionkit/core/engine';
import { InspectableMemoryEngine, type MemoryEntry } from './inspectable-memory-engine.js';
import { recordAsCalled } from './record-as-called.js';

/** One defect each, against the settled answers of contract v2. */

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Checks and encodes as MemoryEngine does, then applies its own (wrong) size limit. */
abstract class OwnSizeLimit extends InspectableMemoryEngine {
  protected abstract tooLarge(json: string): boolean;

  protected override encode(record: SessionRecord): MemoryEntry {
    const rules = {
      engineName: this.name,
      maxDataBytes: Number.MAX_SAFE_INTEGER,
      encode: (data: SessionData) => JSON.stringify(data),
    };
    const { text, expiresAt, version } = prepareRecord(record, rules);
    if (this.tooLarge(text)) throw new SessionTooLargeError(`[${this.name}] too large`);
    return version === undefined ? { json: text, expiresAt } : { json: text, expiresAt, version };
  }
}

/** Counts UTF-16 code units, not UTF-8 bytes: multi-byte text gets in three times over. */
export class SizeCountsCharacters extends OwnSizeLimit {
  protected tooLarge(json: string): boolean {
    return json.length > this.capabilities.maxDataBytes;
  }
}

/** Declares a size limit and never enforces it. */
export class SizeLimitIgnored extends OwnSizeLimit {
  protected tooLarge(): boolean {
    return false;
  }
}

/** `>=` for `>`: a record of exactly maxDataBytes is refused. */
export class SizeOffByOne extends OwnSizeLimit {
  protected tooLarge(json: string): boolean {
    return Buffer.byteLength(json, 'utf8') >= this.capabilities.maxDataBytes;
  }
}

/** Keeps only the first 32 characters of a key, as a fixed-width column would. */
export class TruncatesKeys extends InspectableMemoryEngine {
  protected override storageKey(key: string): string {
    return super.storageKey(key.slice(0, 32));
  }
}

/** `>=` for `>` on the key length: the longest declared key is refused. */
export class RefusesLongestKey extends InspectableMemoryEngine {
  protected override storageKey(key: string): string {
    if (key.length >= this.capabilities.maxKeyLength) throw new SuspiciousSessionError('key too long');
    return super.storageKey(key);
  }
}

/** Checks that the record is live, then writes a tick later: a delete in between is undone. */
export class UpdateNotAtomic extends InspectableMemoryEngine {
  override async update(key: string, record: SessionRecord, options?: UpdateOptions) {
    this.assertUp('update');
    const entry = this.encode(record);
    if (!(await super.exists(key))) return super.update(key, record, options);
    await tick();
    this.records.set(this.storageKey(key), entry);
    return key;
  }
}

/** Checks that the key is free, then writes a tick later: two creators both win. */
export class CreateNotAtomic extends InspectableMemoryEngine {
  override async create(key: string, record: SessionRecord) {
    this.assertUp('create');
    const entry = this.encode(record);
    if (await super.exists(key)) return super.create(key, record);
    await tick();
    this.records.set(this.storageKey(key), entry);
    return key;
  }
}

/** Skips the write when the data is unchanged, and with it the new expiry. */
export class SkipsUnchangedData extends InspectableMemoryEngine {
  override async update(key: string, record: SessionRecord, options?: UpdateOptions) {
    const stored = this.records.get(this.storageKey(key));
    if (stored !== undefined && stored.json === jsonOrNothing(record.data) && (await this.exists(key))) return key;
    return super.update(key, record, options);
  }
}

function jsonOrNothing(data: SessionData): string | undefined {
  try {
    return JSON.stringify(data);
  } catch {
    return undefined;
  }
}

/** Treats a record with no data as no record. */
export class EmptyDataAsMissing extends InspectableMemoryEngine {
  override async load(key: string) {
    const record = await super.load(key);
    return record !== null && Object.keys(record.data).length === 0 ? null : record;
  }
}

/** An outage error with one of its fields dropped. */
function outageWithout(field: 'cause' | 'operation'): typeof InspectableMemoryEngine {
  return class extends InspectableMemoryEngine {
    protected override assertUp(operation: string): void {
      try {
        super.assertUp(operation);
      } catch (error) {
        throw Object.assign(error as Error, { [field]: undefined });
      }
    }
  };
}

/** Reports the outage but drops the driver error. */
export class OutageWithoutCause extends outageWithout('cause') {}

/** Reports the outage without saying which call met it (no `operation`). */
export class OutageWithoutOperation extends outageWithout('operation') {}

/** exists looks for the row and forgets to compare expiresAt with now. */
export class ExistsIgnoresExpiry extends InspectableMemoryEngine {
  override async exists(key: string) {
    this.assertUp('exists');
    return this.records.has(this.storageKey(key));
  }
}

/** exists decodes the record, so a live record with bad data "does not exist". */
export class ExistsDecodes extends InspectableMemoryEngine {
  override async exists(key: string) {
    return (await this.load(key)) !== null;
  }
}

/** create asks load whether the key is free: a live undecodable record gets overwritten. */
export class CreateOverUndecodable extends InspectableMemoryEngine {
  override async create(key: string, record: SessionRecord) {
    // The record as called (this defect is another): it is written after an await.
    const asCalled = recordAsCalled(record, this.name);
    if ((await this.load(key)) === null) this.records.delete(this.storageKey(key));
    return super.create(key, asCalled);
  }
}

/** Writes a tick after the call, reading the record only then: the caller's later changes are stored. */
export class ReadsRecordLate extends InspectableMemoryEngine {
  override async create(key: string, record: SessionRecord) {
    await tick();
    return super.create(key, record);
  }

  override async update(key: string, record: SessionRecord, options?: UpdateOptions) {
    await tick();
    return super.update(key, record, options);
  }
}

/** Any stored row makes a key taken, even one long expired. */
export class CreateRefusesExpired extends InspectableMemoryEngine {
  override async create(key: string, record: SessionRecord) {
    if (this.records.has(this.storageKey(key))) throw new CreateError(`[${this.name}] key already in use`);
    return super.create(key, record);
  }
}

/** Catches the abort and resolves with what it removed so far. */
export class ClearExpiredSwallowsAbort extends InspectableMemoryEngine {
  override async clearExpired(options: ClearExpiredOptions = {}) {
    try {
      return await super.clearExpired(options);
    } catch {
      return 0;
    }
  }
}

/** Looks at the signal only after removing the next batch: it removes records it never reports. */
export class AbortChecksLate extends InspectableMemoryEngine {
  override async clearExpired(options: ClearExpiredOptions = {}) {
    this.assertUp('clearExpired');
    const { batchSize = 1000, onProgress, signal } = options;
    // Its one defect is the late abort check: bad options are refused first, as the kit does,
    // so that no loop over a zero batch outlives its case.
    if (!Number.isSafeInteger(batchSize) || batchSize <= 0) throw new ConfigError('batchSize');
    if (onProgress !== undefined && typeof onProgress !== 'function') throw new ConfigError('onProgress');
    const doomed = this.expiredKeys();
    let removed = 0;
    for (let start = 0; start < doomed.length; start += batchSize) {
      const batch = doomed.slice(start, start + batchSize);
      for (const storageKey of batch) this.records.delete(storageKey);
      signal?.throwIfAborted();
      removed += batch.length;
      onProgress?.(removed);
      await tick();
    }
    return removed;
  }
}

/** close() does nothing: the engine keeps serving afterwards. */
export class CloseIgnored extends InspectableMemoryEngine {
  override async close() {}
}

/** close() waits for the store to answer: while it is down, close never resolves. */
export class CloseHangsWhileDown extends InspectableMemoryEngine {
  override async close() {
    if (this.down) await new Promise<never>(() => {});
    return super.close();
  }
}

/** Hands the data to JSON.stringify unchecked: -0, NaN, 2**64, Dates and deep nesting change or crash. */
export class JsonUnchecked extends InspectableMemoryEngine {
  protected override encode(record: SessionRecord): MemoryEntry {
    let json: string | undefined;
    try {
      json = JSON.stringify(record.data);
    } catch {
      json = undefined;
    }
    return typeof json === 'string' ? { ...super.encode({ ...record, data: {} }), json } : super.encode(record);
  }
}

/** Checks every rule but -0, which it stores as 0. */
export class NegativeZeroAsZero extends InspectableMemoryEngine {
  protected override encode(record: SessionRecord): MemoryEntry {
    return super.encode({ ...record, data: withoutNegativeZero(record.data, 0) as SessionData });
  }
}

/** A copy with -0 as 0, down to a shallow depth (deeper data is left to the real checks). */
function withoutNegativeZero(value: unknown, depth: number): unknown {
  if (Object.is(value, -0)) return 0;
  if (
    depth > 50 ||
    typeof value !== 'object' ||
    value === null ||
    (Object.getPrototypeOf(value) !== Object.prototype && !Array.isArray(value))
  )
    return value;
  if (Array.isArray(value)) return value.map((item) => withoutNegativeZero(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v, depth + 1)]));
}

/** Loads the expiry back as an invalid Date (NaN), as a bad column conversion would. */
export class ExpiryNaN extends InspectableMemoryEngine {
  override async load(key: string) {
    const record = await super.load(key);
    return record === null ? null : { ...record, expiresAt: new Date(Number.NaN) };
  }
}
