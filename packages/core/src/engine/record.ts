import { SerializationError, SessionTooLargeError } from '../errors.js';
import type { SessionData } from '../json/types.js';
import { JsonNumbers } from './json.js';
import { checkDataNumbers, JsonRecord } from './json-record.js';
import { CheckedRecord } from './record-object.js';
import type { SessionRecord } from './types.js';

/** Longest version token an engine accepts (core's tokens are far shorter). */
export const MAX_VERSION_LENGTH = 64;

/** How one engine turns a record into what it stores. */
export interface RecordRules {
  /** Used in error messages: `[name] …`. */
  readonly engineName: string;
  /** Largest encoded record accepted, in UTF-8 bytes (the engine's `capabilities.maxDataBytes`). */
  readonly maxDataBytes: number;
  /**
   * The engine's codec: data to the exact text it stores. Runs only on checked data.
   * `tinyNumbers` is false when the check found no number x with 0 < |x| < 1e-4 (for
   * `SessionCodec.encode`).
   */
  readonly encode: (data: SessionData, expiresAt: Date, tinyNumbers: boolean) => string;
  /**
   * Optional: the same codec, from the data's checked JSON text (`JsonRecord.json`) instead of
   * the data, for codecs that start from `JSON.stringify`'s output. Without it a `JsonRecord`
   * is encoded from its `data`.
   */
  readonly encodeJson?: (json: string, expiresAt: Date) => string;
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
 * JSON carries faithfully unless a `JsonRecord` checked it already, version a short string),
 * encode, check the encoded size in UTF-8 bytes against `maxDataBytes`, then check the expiry
 * against what the store can hold.
 * Throws `SerializationError` or `SessionTooLargeError`.
 */
export function prepareRecord(record: SessionRecord, rules: RecordRules): PreparedRecord {
  const { engineName, maxDataBytes } = rules;
  const expiry: unknown = record?.expiresAt;
  const expiresAt = validExpiry(engineName, expiry);
  // A JsonRecord's data was checked when it was made.
  const checked = record instanceof JsonRecord ? record : undefined;
  const data: unknown = checked === undefined ? record.data : undefined;
  // A JsonRecord, or a session's snapshot of checked values (CheckedRecord), is not walked again.
  const numbers =
    checked === undefined && !CheckedRecord.holdsChecked(record)
      ? checkDataNumbers(engineName, data)
      : JsonNumbers.storable;
  const version = checkVersion(engineName, record.version);
  const text =
    checked === undefined
      ? rules.encode(data as SessionData, expiry as Date, numbers !== JsonNumbers.noTinyNumbers)
      : encodeChecked(checked, rules, expiry as Date);
  // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4): text that short
  // cannot be over the limit, and is not counted (a pass over the whole text on every save).
  let bytes: number | undefined;
  if (text.length * 3 > maxDataBytes) {
    bytes = utf8Bytes(text, checked);
    if (bytes > maxDataBytes) {
      throw new SessionTooLargeError(
        `[${engineName}] encoded session is ${bytes} bytes, over the ${maxDataBytes}-byte limit`,
      );
    }
  }
  checkLatestExpiry(engineName, expiresAt, rules.latestExpiry);
  return new Prepared(text, bytes, expiresAt, version);
}

/** Text stored as the record's JSON is counted once however many engines store it. */
function utf8Bytes(text: string, checked: JsonRecord | undefined): number {
  return checked !== undefined && text === checked.json ? checked.byteLength : Buffer.byteLength(text, 'utf8');
}

/** From the JSON where the rules can start from it, else from the data (parsed from it if need be). */
function encodeChecked(record: JsonRecord, rules: RecordRules, expiresAt: Date): string {
  return rules.encodeJson === undefined
    ? rules.encode(record.data, expiresAt, true)
    : rules.encodeJson(record.json, expiresAt);
}

/** A class, not a literal: see SessionRecordObject on V8's pretenuring of per-call literals. */
class Prepared implements PreparedRecord {
  #bytes: number | undefined;

  constructor(
    readonly text: string,
    /** Undefined when the size check did not need the count; counted on first read then. */
    bytes: number | undefined,
    readonly expiresAt: number,
    readonly version: string | undefined,
  ) {
    this.#bytes = bytes;
  }

  get bytes(): number {
    this.#bytes ??= Buffer.byteLength(this.text, 'utf8');
    return this.#bytes;
  }
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
