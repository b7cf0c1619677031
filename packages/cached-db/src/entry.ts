import {
  type EnvelopeField,
  type JsonObject,
  JsonRecord,
  type SessionData,
  type SessionRecord,
  SessionRecordObject,
} from '@sessionkit/core/engine';

/**
 * What the cache holds under a session key: the session's true expiry (x), the db's version (v)
 * and the data (d), or a delete's mark (gone), so that a refill that read the db before the
 * delete cannot land. The cache engine's own expiry is only the entry's life (capped).
 */
const TAG = 'sessionkit.cached-db';

/**
 * The cache engine's version token on every live entry (a delete's mark has none). An update
 * replaces only an entry holding it, atomically, so it can never overwrite a delete's mark.
 */
export const LIVE_ENTRY_VERSION = 'live';

/**
 * The cache's record for a live record written by this engine: the entry's JSON written around
 * the record's checked JSON, as `liveEntryData` would be stringified, so the data is neither
 * walked nor stringified again. `record.expiresAt` must be a valid Date.
 */
export function liveEntry(record: JsonRecord, entryExpiresAt: Date): JsonRecord {
  const { version } = record;
  const x = record.expiresAt.getTime();
  const fields: Record<string, EnvelopeField> = typeof version === 'string' ? { t: TAG, x, v: version } : { t: TAG, x };
  return JsonRecord.around(record, 'd', fields, entryExpiresAt, LIVE_ENTRY_VERSION);
}

/** The data the cache stores for a live record (a refill: the db's record, unwalked so far). */
export function liveEntryData(record: SessionRecord): SessionData {
  // The same order as liveEntry writes: the fields, then the data.
  const entry: JsonObject = { t: TAG, x: record.expiresAt.getTime() };
  if (record.version !== undefined) entry.v = record.version;
  entry.d = record.data;
  return entry;
}

/** The data the cache stores for a deleted session. */
export function deletedEntryData(): SessionData {
  return { t: TAG, gone: true };
}

/**
 * Reads a cache record back: the live record, 'deleted' for a delete's mark, and null for
 * anything this engine did not write (treated as a miss).
 */
export function readEntry(data: SessionData): SessionRecord | 'deleted' | null {
  if (data.t !== TAG) return null;
  if (data.gone === true) return 'deleted';
  const { x, d, v } = data;
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return null;
  return new SessionRecordObject(d, new Date(x), typeof v === 'string' ? v : undefined);
}
