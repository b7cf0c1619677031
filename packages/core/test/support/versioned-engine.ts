// TEMPORARY until the kit branch (MemoryEngine with versions and touch) is merged.
import { type EngineCapabilities, MemoryEngine, type MemoryEngineOptions, SessionConflictError, type SessionRecord, UpdateError, type UpdateOptions, storedEngineCapabilities } from '@sessionkit/core';

export class VersionedMemory extends MemoryEngine {
  override readonly capabilities: EngineCapabilities = storedEngineCapabilities({ optimisticConcurrency: true });
  readonly #versions = new Map<string, string | undefined>();
  constructor(options: MemoryEngineOptions = {}) {
    super(options);
  }
  override async load(key: string) {
    const r = await super.load(key);
    return r === null ? null : { ...r, version: this.#versions.get(key) };
  }
  override async create(key: string, record: SessionRecord) {
    await super.create(key, record);
    this.#versions.set(key, record.version);
    return key;
  }
  override async update(key: string, record: SessionRecord, options: UpdateOptions = {}) {
    if (this.liveEntry(this.storageKey(key)) === undefined) throw new UpdateError('gone');
    if (options.expectedVersion !== undefined && this.#versions.get(key) !== options.expectedVersion) throw new SessionConflictError('conflict in store xyz');
    await super.update(key, record);
    this.#versions.set(key, record.version);
    return key;
  }
  async touch(key: string, expiresAt: Date) {
    const entry = this.liveEntry(this.storageKey(key));
    if (entry === undefined) throw new UpdateError('gone');
    this.records.set(this.storageKey(key), { json: entry.json, expiresAt: expiresAt.getTime() });
  }
}
