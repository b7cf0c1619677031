import { SessionConflictError, type SessionRecord, type UpdateOptions } from '@sessionkit/core';
import { recordAsCalled } from './record-as-called.js';
import { InspectableMemoryEngine } from './inspectable-memory-engine.js';

/** One defect each in contract v2's version tokens and touch. */

/** Declares optimistic concurrency and then ignores expectedVersion: last write wins. */
export class VersionIgnored extends InspectableMemoryEngine {
  override async update(key: string, record: SessionRecord, _options?: UpdateOptions) {
    return super.update(key, record);
  }
}

/** Stores the token but never hands it back. */
export class VersionNotReturned extends InspectableMemoryEngine {
  override async load(key: string) {
    const record = await super.load(key);
    if (record === null) return null;
    const { version: _dropped, ...rest } = record;
    return rest;
  }
}

/** A record stored without a token is treated as matching any expected version. */
export class TokenlessMatchesAny extends InspectableMemoryEngine {
  override async update(key: string, record: SessionRecord, options?: UpdateOptions) {
    const stored = this.records.get(this.storageKey(key));
    return super.update(key, record, stored !== undefined && stored.version === undefined ? undefined : options);
  }
}

/** A conditional update of a missing key reports a conflict instead of UpdateError. */
export class ConflictOnMissing extends InspectableMemoryEngine {
  override async update(key: string, record: SessionRecord, options?: UpdateOptions) {
    if (options?.expectedVersion !== undefined && !(await this.exists(key))) {
      throw new SessionConflictError(`[${this.name}] version mismatch`);
    }
    return super.update(key, record, options);
  }
}

/** Compares the token, then writes a tick later: two writers from one version both win. */
export class ConditionalUpdateNotAtomic extends InspectableMemoryEngine {
  override async update(key: string, record: SessionRecord, options?: UpdateOptions) {
    const stored = this.records.get(this.storageKey(key));
    if (options?.expectedVersion !== undefined && stored?.version !== options.expectedVersion) {
      return super.update(key, record, options);
    }
    // The record as called (this defect is another): it is written after an await.
    const asCalled = recordAsCalled(record, this.name);
    await new Promise<void>((resolve) => setImmediate(resolve));
    return super.update(key, asCalled);
  }
}

/** touch rewrites the entry without its version token. */
export class TouchDropsVersion extends InspectableMemoryEngine {
  override async touch(key: string, expiresAt: Date) {
    await super.touch(key, expiresAt);
    const storageKey = this.storageKey(key);
    const entry = this.records.get(storageKey);
    if (entry !== undefined) this.records.set(storageKey, { json: entry.json, expiresAt: entry.expiresAt });
  }
}

/** touch moves any stored entry, live or expired: an expired session comes back. */
export class TouchRevivesExpired extends InspectableMemoryEngine {
  override async touch(key: string, expiresAt: Date) {
    const storageKey = this.storageKey(key);
    const entry = this.records.get(storageKey);
    if (entry === undefined) return super.touch(key, expiresAt);
    this.records.set(storageKey, { ...entry, expiresAt: expiresAt.getTime() });
  }
}

/** touch ignores the new expiry and keeps the old one. */
export class TouchIgnored extends InspectableMemoryEngine {
  override async touch(key: string, _expiresAt: Date) {
    if (!(await this.exists(key))) return super.touch(key, _expiresAt);
  }
}
