import type { ClearExpiredOptions, MemoryEngineOptions, SessionData, SessionRecord } from '@sessionkit/core';
import { InspectableMemoryEngine, type MemoryEntry } from './inspectable-memory-engine.js';

/** Each class below is MemoryEngine with exactly one defect, every one seen in a real store. */

/** Django's file backend once did this: loading an unknown key writes an empty record. */
export class LoadCreatesRecord extends InspectableMemoryEngine {
  override async load(key: string) {
    const record = await super.load(key);
    if (record === null)
      this.records.set(this.storageKey(key), { json: '{}', expiresAt: this.clock.now() + 3_600_000 });
    return record;
  }
}

/** A blind SET instead of SET XX: a late save brings a logged-out session back. */
export class UpdateResurrects extends InspectableMemoryEngine {
  override async update(key: string, record: SessionRecord) {
    this.assertUp('update');
    this.records.set(this.storageKey(key), this.encode(record));
    return key;
  }
}

/** Never compares expiresAt with the clock. */
export class ExpiryIgnored extends InspectableMemoryEngine {
  protected override liveEntry(storageKey: string): MemoryEntry | undefined {
    return this.records.get(storageKey);
  }
}

/** A plain INSERT OR REPLACE: create silently takes over a live session. */
export class CreateOverwrites extends InspectableMemoryEngine {
  override async create(key: string, record: SessionRecord) {
    this.assertUp('create');
    this.records.set(this.storageKey(key), this.encode(record));
    return key;
  }
}

/** The TTL is computed in seconds and then used as ms: every record lives 1000 times shorter. */
export class TtlSecondsAsMs extends InspectableMemoryEngine {
  protected override encode(record: SessionRecord): MemoryEntry {
    const entry = super.encode(record);
    const now = this.clock.now();
    return { ...entry, expiresAt: now + (entry.expiresAt - now) / 1000 };
  }
}

/** Stores text as Latin-1: everything outside ASCII comes back mangled. */
export class DataAltered extends InspectableMemoryEngine {
  protected override encode(record: SessionRecord): MemoryEntry {
    const entry = super.encode(record);
    return { ...entry, json: Buffer.from(entry.json, 'utf8').toString('latin1') };
  }
}

/** Cleans up with a "grace" window: anything expiring within the next minute goes too. */
export class ClearExpiredDeletesLive extends InspectableMemoryEngine {
  override async clearExpired(options: ClearExpiredOptions = {}) {
    this.assertUp('clearExpired');
    const horizon = this.clock.now() + 60_000;
    const doomed = [...this.records].filter(([, entry]) => entry.expiresAt <= horizon).map(([key]) => key);
    for (const key of doomed) this.records.delete(key);
    options.onProgress?.(doomed.length);
    return doomed.length;
  }
}

/** Swallows the driver error on read and reports the session as missing. */
export class StoreErrorAsMissing extends InspectableMemoryEngine {
  override async load(key: string) {
    if (this.down) return null;
    return super.load(key);
  }
}

/** Keeps the plain key in the store: a leaked dump is a list of live cookies. */
export class PlainKeysAtRest extends InspectableMemoryEngine {
  constructor(options: MemoryEngineOptions = {}) {
    super({ ...options, hashKeys: false });
  }
}

/** Keeps the caller's object instead of a copy, and hands it out again. */
export class SharesObjects extends InspectableMemoryEngine {
  readonly #objects = new Map<string, SessionData>();

  override async create(key: string, record: SessionRecord) {
    const cookie = await super.create(key, record);
    this.#objects.set(this.storageKey(key), record.data);
    return cookie;
  }

  override async load(key: string) {
    const record = await super.load(key);
    const shared = this.#objects.get(this.storageKey(key));
    return record && shared ? { ...record, data: shared } : record;
  }
}

/** Treats reading as activity: every load pushes expiry back by an hour. */
export class LoadExtendsLife extends InspectableMemoryEngine {
  override async load(key: string) {
    const record = await super.load(key);
    const storageKey = this.storageKey(key);
    const entry = this.records.get(storageKey);
    if (record && entry) this.records.set(storageKey, { ...entry, expiresAt: this.clock.now() + 3_600_000 });
    return record;
  }
}
export * from './broken-engines-v2.js';
export * from './broken-version-engines.js';
