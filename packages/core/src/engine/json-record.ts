import { SerializationError } from '../errors.js';
import type { SessionData } from '../json/types.js';
import type { SessionCodec } from '../signing/session-codec.js';
import { assertJsonValue, JsonNumbers, jsonValueNumbers } from './json.js';
import { CheckedRecord } from './record-object.js';
import type { SessionRecord } from './types.js';

/**
 * A record whose data was checked and turned into JSON once, when a call was made: what an
 * engine that writes one record to several engines (cached-db) hands each of them, so that
 * no engine walks or stringifies the data again and none sees what the caller changes after
 * the call. Optional for engines: `prepareRecord` takes `json` as the checked data (and as
 * the stored text, where the rules have `encodeJson`); an engine that only reads `data` gets
 * a plain object equal to `json`.
 */
export class JsonRecord implements SessionRecord {
  /** The data as `JSON.stringify` writes it; every value in it is storable (`assertJsonValue`). */
  readonly json: string;
  readonly expiresAt: Date;
  declare readonly version?: string;
  #data: SessionData | undefined;
  #bytes: number | undefined;

  /**
   * `json` must be JSON text of a plain object whose values `assertJsonValue` accepts (built
   * from checked parts, e.g. another JsonRecord's `json`): engines store it unwalked. `data`,
   * when given, is that object; otherwise `data` is parsed from `json` on its first read.
   * `bytes`, when given, must be `json`'s length in UTF-8 bytes (see `byteLength`).
   */
  constructor(json: string, expiresAt: Date, version?: string, data?: SessionData, bytes?: number) {
    this.json = json;
    this.expiresAt = expiresAt;
    if (version !== undefined) this.version = version;
    this.#data = data;
    this.#bytes = bytes;
  }

  /**
   * Checks `record.data` and writes its JSON now; throws `SerializationError` as `prepareRecord`
   * does (`engineName` in the message). The expiry is copied, so the record is the one as
   * called. `data` stays the caller's object, for engines called in the same tick (the
   * contract has them read the record before their first await); build later records from
   * `json`.
   */
  static of(record: SessionRecord, engineName: string): JsonRecord {
    const expiry: unknown = record?.expiresAt;
    // Anything else stays as given, for the engine to refuse as it refuses any bad expiry.
    const expiresAt = expiry instanceof Date ? new Date(expiry.getTime()) : (expiry as Date);
    // Checked already; its JSON is the data as that call was made.
    if (record instanceof JsonRecord) return new JsonRecord(record.json, expiresAt, record.version);
    const data: unknown = record?.data;
    // A session's snapshot of checked values is not walked again (see CheckedRecord).
    if (!CheckedRecord.holdsChecked(record)) checkData(engineName, data);
    return new JsonRecord(JSON.stringify(data), expiresAt, record.version, data as SessionData);
  }

  /**
   * `json`'s length in UTF-8 bytes, counted once: the first engine that stores `json` as it is
   * counts it (`prepareRecord`), and a record built around `json` (cached-db's cache entry)
   * adds its own ASCII, not counting the whole again.
   */
  get byteLength(): number {
    this.#bytes ??= Buffer.byteLength(this.json, 'utf8');
    return this.#bytes;
  }

  /** `byteLength` if it was counted or given already, else undefined (nothing is counted). */
  get knownByteLength(): number | undefined {
    return this.#bytes;
  }

  /** The data: the object given, else a fresh object parsed from `json` (then kept). */
  get data(): SessionData {
    this.#data ??= JSON.parse(this.json) as SessionData;
    return this.#data;
  }
}

/** Throws `SerializationError` unless `data` is a plain object JSON carries faithfully. */
export function checkData(engineName: string, data: unknown): asserts data is SessionData {
  checkDataNumbers(engineName, data);
}

/**
 * `checkData`, returning what the walk learned of the numbers (`jsonValueNumbers`):
 * `noTinyNumbers` or `storable` (also when the data was known storable and not walked).
 */
export function checkDataNumbers(engineName: string, data: unknown): JsonNumbers {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SerializationError(`[${engineName}] data must be a plain object`);
  }
  // The quick walk builds no paths; only when it balks does assertJsonValue name the culprit.
  const numbers = jsonValueNumbers(data);
  if (numbers === JsonNumbers.notStorable) assertJsonValue(data, 'data');
  return numbers;
}

/** `RecordRules.encodeJson` for an engine whose stored text is `codec`'s: undefined if the codec has none. */
export function jsonEncoder(codec: SessionCodec): ((json: string) => string) | undefined {
  const { encodeJson } = codec;
  return encodeJson === undefined ? undefined : (json) => encodeJson.call(codec, json);
}
