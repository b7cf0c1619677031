import { SerializationError } from '../errors.js';
import type { SessionData } from '../json/types.js';
import type { SessionCodec } from '../signing/session-codec.js';
import { assertJsonValue, isJsonValue, JsonNumbers, jsonValueNumbers } from './json.js';
import { CheckedRecord } from './record-object.js';
import type { SessionRecord } from './types.js';

/** Given by JsonRecord's own builders, whose JSON is checked already; no one else can pass it. */
const CHECKED: unique symbol = Symbol('sessionkit.checkedJson');

/** What a field beside the data in `JsonRecord.around` may hold: text, or a number JSON keeps exactly. */
export type EnvelopeField = string | number | boolean;

/**
 * A record whose data was checked and turned into JSON once, when a call was made: what an
 * engine that writes one record to several engines (cached-db) hands each of them, so that
 * no engine walks or stringifies the data again. Optional for engines: `prepareRecord` takes
 * `json` as the checked data (and as the stored text, where the rules have `encodeJson`).
 * `json` never changes. `data` is, for a record made by `of`, the caller's own object (not a
 * copy): equal to `json` in the tick the call was made, which is when the contract has engines
 * read their record. A record handed to an engine later (after an await) must not rely on it:
 * give that engine `JsonRecord.of(record)`, whose `data` is parsed from `json`, or a record
 * built from `json` (`around`), so that what the caller changed meanwhile reaches no engine.
 */
export class JsonRecord implements SessionRecord {
  /** The data as `JSON.stringify` writes it; every value in it is storable (`assertJsonValue`). */
  readonly json: string;
  readonly expiresAt: Date;
  declare readonly version?: string;
  #data: SessionData | undefined;
  #bytes: number | undefined;

  /**
   * A record from JSON text, which is parsed and checked here: text that is not JSON of a plain
   * object, or holds a value JSON cannot carry faithfully (an integer beyond 2^53, `-0`, a number
   * too large for a double), is a `SerializationError`, so engines can store `json` unwalked.
   * Data already checked or in hand has cheaper ways in: `of` and `around`.
   */
  constructor(json: string, expiresAt: Date, version?: string);
  /** @internal JsonRecord's own builders, with the CHECKED token: `json` is trusted as it is. */
  constructor(
    json: string,
    expiresAt: Date,
    version: string | undefined,
    checked: typeof CHECKED,
    data: SessionData | undefined,
    bytes: number | undefined,
  );
  constructor(
    json: string,
    expiresAt: Date,
    version?: string,
    checked?: typeof CHECKED,
    data?: SessionData,
    bytes?: number,
  ) {
    this.json = json;
    this.expiresAt = expiresAt;
    if (version !== undefined) this.version = version;
    if (checked === CHECKED) {
      this.#data = data;
      this.#bytes = bytes;
    } else {
      this.#data = parseChecked(json);
    }
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
    if (record instanceof JsonRecord) {
      return new JsonRecord(record.json, expiresAt, record.version, CHECKED, undefined, record.knownByteLength);
    }
    const data: unknown = record?.data;
    // A session's snapshot of checked values is not walked again (see CheckedRecord).
    if (!CheckedRecord.holdsChecked(record)) checkData(engineName, data);
    return new JsonRecord(JSON.stringify(data), expiresAt, record.version, CHECKED, data as SessionData, undefined);
  }

  /**
   * `{ ...fields, [key]: inner's data }` as `JSON.stringify` writes it, built around `inner.json`
   * without walking or stringifying that data again: a record that carries another one (cached-
   * db's cache entry). Each field is text, a boolean, or a number JSON keeps exactly; `key` is
   * not one of them. Its UTF-8 bytes are counted only if read (`prepareRecord` needs them only
   * for text longer than a third of the limit).
   */
  static around(
    inner: JsonRecord,
    key: string,
    fields: Readonly<Record<string, EnvelopeField>>,
    expiresAt: Date,
    version?: string,
  ): JsonRecord {
    // Written field by field, names quoted once (JSON.stringify of the object cost about four
    // times as much).
    let open = '{';
    for (const name in fields) {
      // As JSON.stringify: own properties only (for-in would also list inherited enumerable ones).
      if (!Object.hasOwn(fields, name)) continue;
      const value = fields[name];
      if (name === key) throw new SerializationError(`[JsonRecord] ${key} is both a field and the data`);
      // Checked at run time too: anything else (undefined, an object) would be written as
      // String(value) into JSON that is taken as checked.
      if (!isEnvelopeField(value)) {
        throw new SerializationError(
          `[JsonRecord] field ${name} is not text, a boolean or a number JSON keeps exactly`,
        );
      }
      // A number or boolean is written as JSON writes it; text is quoted and escaped.
      open += `${quotedName(name)}:${typeof value === 'string' ? JSON.stringify(value) : String(value)},`;
    }
    return new JsonRecord(
      `${open}${quotedName(key)}:${inner.json}}`,
      expiresAt,
      version,
      CHECKED,
      undefined,
      undefined,
    );
  }

  /**
   * `json`'s length in UTF-8 bytes, counted once: the first engine that stores `json` as it is
   * and needs the count (`prepareRecord`) counts it for the others.
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

/** Field names as JSON strings, kept: an envelope's few names recur on every record. */
const QUOTED_NAMES = new Map<string, string>();

function quotedName(name: string): string {
  let quoted = QUOTED_NAMES.get(name);
  if (quoted === undefined) {
    quoted = JSON.stringify(name);
    // Bounded, in case names vary: past a few hundred they are quoted each time.
    if (QUOTED_NAMES.size < 256) QUOTED_NAMES.set(name, quoted);
  }
  return quoted;
}

/** Text, a boolean, or a number by the JSON rules every stored value follows (`isJsonValue`). */
function isEnvelopeField(value: unknown): value is EnvelopeField {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && isJsonValue(value));
}

/** JSON text of a plain object whose values are storable, as that object; else SerializationError. */
function parseChecked(json: string): SessionData {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new SerializationError('[JsonRecord] json is not JSON text');
  }
  checkData('JsonRecord', data);
  return data;
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
