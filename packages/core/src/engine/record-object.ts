import type { SessionData } from '../json/types.js';
import type { SessionRecord } from './types.js';

/**
 * A SessionRecord made per call (a load's result, a save's record) as a class instance, not an
 * object literal: V8 pretenures a literal's allocation site once its objects outlive a scavenge,
 * and each request's copy is then old garbage that keeps its young objects alive through every
 * scavenge until a full GC. `version` is an own property only when given, as with a literal.
 */
export class SessionRecordObject implements SessionRecord {
  declare version?: string;

  constructor(
    public data: SessionData,
    public expiresAt: Date,
    version?: string,
  ) {
    if (version !== undefined) this.version = version;
  }
}

/**
 * A session's save record whose data (a snapshot only the session built) holds values known
 * storable: `prepareRecord` and `JsonRecord.of` skip the walk of it. Internal to core. A class
 * that says so, not a mark in a WeakSet: each WeakSet entry is an ephemeron that the write
 * barrier and every scavenge must process (callgrind: ~0.6k instructions per request in the
 * barrier alone).
 */
export class CheckedRecord extends SessionRecordObject {
  readonly #checked: SessionData;

  constructor(data: SessionData, expiresAt: Date, version?: string) {
    super(data, expiresAt, version);
    this.#checked = data;
  }

  /** Whether `record` is a CheckedRecord still holding the snapshot it was made with. */
  static holdsChecked(record: unknown): boolean {
    return record instanceof CheckedRecord && record.data === record.#checked;
  }
}

/**
 * A load's result whose data core decoded just now from JSON it wrote itself (MemoryEngine):
 * the session that adopts it knows every value storable. Nothing else trusts this class.
 */
export class DecodedRecord extends SessionRecordObject {}
