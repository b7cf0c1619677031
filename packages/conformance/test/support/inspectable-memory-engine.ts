import {
  type ClearExpiredOptions,
  EngineUnavailableError,
  MemoryEngine,
  type MemoryEngineOptions,
  type SessionRecord,
  type UpdateOptions,
} from '@sessionkit/core';
import type { Inspector, RecordDamage } from '@sessionkit/conformance';

/** MemoryEngine's stored form (core does not export the type). */
export interface MemoryEntry {
  readonly json: string;
  readonly expiresAt: number;
  readonly version?: string;
}

/** Valid JSON that is no session: each decodes to something other than a plain object. */
const WRONG_SHAPES = ['[1,2,3]', 'null', '42'] as const;

/**
 * MemoryEngine with the raw access the inspect hooks need, and a switch that makes every
 * call fail as a dead store would. The broken engines extend it with one defect each.
 */
export class InspectableMemoryEngine extends MemoryEngine {
  protected down = false;
  #undecodable = 0;

  constructor(options: MemoryEngineOptions = {}) {
    super(options);
  }

  rawKeys(): string[] {
    return [...this.records.keys()];
  }

  rawExpiry(key: string): Date | null {
    const entry = this.records.get(this.storageKey(key));
    return entry === undefined ? null : new Date(entry.expiresAt);
  }

  corrupt(key: string, damage: RecordDamage): void {
    const storageKey = this.storageKey(key);
    const entry = this.records.get(storageKey);
    if (entry === undefined) throw new Error('corrupt: no such record');
    // MemoryEngine has no integrity check, so "tampered" is garbage text and "undecodable" valid
    // JSON of the wrong shape: an array, then JSON null, then a bare number, in turn.
    const json = damage === 'tampered' ? entry.json.slice(1) : WRONG_SHAPES[this.#undecodable++ % WRONG_SHAPES.length];
    this.records.set(storageKey, { ...entry, json: json as string });
  }

  breakStore(): void {
    this.down = true;
  }

  override async load(key: string) {
    this.assertUp('load');
    return super.load(key);
  }

  override async create(key: string, record: SessionRecord) {
    this.assertUp('create');
    return super.create(key, record);
  }

  override async update(key: string, record: SessionRecord, options?: UpdateOptions) {
    this.assertUp('update');
    return super.update(key, record, options);
  }

  override async touch(key: string, expiresAt: Date) {
    this.assertUp('touch');
    return super.touch(key, expiresAt);
  }

  override async delete(key: string) {
    this.assertUp('delete');
    return super.delete(key);
  }

  override async exists(key: string) {
    this.assertUp('exists');
    return super.exists(key);
  }

  override async clearExpired(options?: ClearExpiredOptions) {
    this.assertUp('clearExpired');
    return super.clearExpired(options);
  }

  protected assertUp(operation: string): void {
    if (this.down) {
      throw new EngineUnavailableError(`[${this.name}] ${operation}: store unreachable`, {
        cause: new Error('connect ECONNREFUSED'),
        operation,
      });
    }
  }
}

/** The inspect hooks for InspectableMemoryEngine and everything built on it. */
export const memoryInspector: Inspector<InspectableMemoryEngine> = {
  rawKeys: (engine) => engine.rawKeys(),
  rawExpiry: (engine, key) => engine.rawExpiry(key),
  breakStore: (engine) => engine.breakStore(),
  corruptRecord: (engine, key, damage) => engine.corrupt(key, damage),
  // MemoryEngine stores the JSON text itself.
  encodedBytes: (_engine, data) => Buffer.byteLength(JSON.stringify(data), 'utf8'),
};
