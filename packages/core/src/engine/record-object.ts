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
