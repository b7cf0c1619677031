import { SerializationError, SessionTooLargeError } from '../errors.js';
import type { SessionData } from '../json/types.js';
import { isChecked } from '../json/checked.js';
import { assertJsonValue, isJsonValue } from './json.js';
import type { SessionRecord } from './types.js';

/** Longest version token an engine accepts (core's tokens are far shorter). */
export const MAX_VERSION_LENGTH = 64;

/** How one engine turns a record into what it stores. */
export interface RecordRules {
  /** Used in error messages: `[name] …`. */
  readonly engineName: string;
  /** Largest encoded record accepted, in UTF-8 bytes (the engine's `capabilities.maxDataBytes`). */
  readonly maxDataBytes: number;
  /** The engine's codec: data to the exact text it stores. Runs only on checked data. */
  readonly encode: (data: SessionData, expiresAt: Date) => string;
  /** Latest expiry the store can hold, epoch ms; later ones are refused. */
  readonly latestExpiry?: number;
}

/** A checked, encoded record: what the engine writes. */
export interface PreparedRecord {
  /** The encoded data, exactly as it will be stored. */
  readonly text: string;
  /** UTF-8 bytes of `text`; never more than `maxDataBytes`. */
  readonly bytes: number;
  /** Expiry, epoch ms, finite. */
  readonly expiresAt: number;
  /** The version token to store with the record, if the caller gave one. */
  readonly version: string | undefined;
}

/**
 * The one path from a record to what a stored engine writes, run before any I/O so a refused
 * record leaves the stored one intact: validate (`expiresAt` a valid Date, data a plain object
 * JSON carries faithfully, version a short string), encode, check the encoded size in UTF-8
 * bytes against `maxDataBytes`, then check the expiry against what the store can hold.
 * Throws `SerializationError` or `SessionTooLargeError`.
 */
export function prepareRecord(record: SessionRecord, rules: RecordRules): PreparedRecord {
  const { engineName, maxDataBytes } = rules;
  const expiry: unknown = record?.expiresAt;
  const expiresAt = validExpiry(engineName, expiry);
  const data: unknown = record.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SerializationError(`[${engineName}] data must be a plain object`);
  }
  // A session's snapshot of checked values is not walked again (see checked.ts). The quick walk
  // builds no paths; only when it balks does assertJsonValue name the culprit.
  if (!isChecked(data) && !isJsonValue(data)) assertJsonValue(data, 'data');
  const version = checkVersion(engineName, record.version);
  const text = rules.encode(data as SessionData, expiry as Date);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxDataBytes) {
    throw new SessionTooLargeError(
      `[${engineName}] encoded session is ${bytes} bytes, over the ${maxDataBytes}-byte limit`,
    );
  }
  checkLatestExpiry(engineName, expiresAt, rules.latestExpiry);
  return new Prepared(text, bytes, expiresAt, version);
}

/** A class, not a literal: see SessionRecordObject on V8's pretenuring of per-call literals. */
class Prepared implements PreparedRecord {
  constructor(
    readonly text: string,
    readonly bytes: number,
    readonly expiresAt: number,
    readonly version: string | undefined,
  ) {}
}

/**
 * The expiry a `touch` moves a record to, checked as `prepareRecord` checks a write's: a valid
 * Date, no later than `latestExpiry`. Resolves to epoch ms; else `SerializationError`.
 */
export function prepareExpiry(engineName: string, expiresAt: Date, latestExpiry?: number): number {
  const ms = validExpiry(engineName, expiresAt);
  checkLatestExpiry(engineName, ms, latestExpiry);
  return ms;
}

function validExpiry(engineName: string, expiry: unknown): number {
  const ms = expiry instanceof Date ? expiry.getTime() : Number.NaN;
  // A NaN expiry would compare as never expired: an immortal record.
  if (!Number.isFinite(ms)) throw new SerializationError(`[${engineName}] expiresAt must be a valid Date`);
  return ms;
}

function checkLatestExpiry(engineName: string, ms: number, latestExpiry: number | undefined): void {
  if (latestExpiry === undefined || ms <= latestExpiry) return;
  throw new SerializationError(
    `[${engineName}] expiresAt ${new Date(ms).toISOString()} is after the latest this store holds (${new Date(latestExpiry).toISOString()})`,
  );
}

function checkVersion(engineName: string, version: unknown): string | undefined {
  if (version === undefined) return undefined;
  if (typeof version !== 'string' || version.length === 0 || version.length > MAX_VERSION_LENGTH) {
    throw new SerializationError(`[${engineName}] version must be a string of 1 to ${MAX_VERSION_LENGTH} characters`);
  }
  return version;
}
