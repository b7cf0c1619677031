import type { Clock } from '../clock.js';
import type { SessionData } from '../json/types.js';

export type { JsonObject, JsonValue, SessionData } from '../json/types.js';

/** What an engine stores under one key. */
export interface SessionRecord {
  data: SessionData;
  /** Absolute expiry; the record is dead when `expiresAt <= now`. */
  expiresAt: Date;
  /**
   * Opaque version token (contract v2, engines with `capabilities.optimisticConcurrency`).
   * `load` returns the token stored with the record. On `create` and `update` it is the token to
   * store with the new record: core writes a fresh one on every write. Engines without the
   * capability ignore it.
   */
  version?: string;
}

/** How an `update` is conditioned (contract v2). */
export interface UpdateOptions {
  /**
   * Optimistic concurrency: overwrite only if the stored record's version equals this token,
   * checked atomically with the write, or throw `SessionConflictError`.
   */
  expectedVersion?: string;
}

/** Whether an engine can, needs not, or cannot remove expired records. */
export type ClearExpiredSupport = 'supported' | 'unnecessary' | 'unsupported';

/** What an engine declares about itself. Core and the conformance suite read it. */
export interface EngineCapabilities {
  /** Cookie values (keys) the engine accepts. Core checks it before any I/O. */
  readonly keyPattern: RegExp;
  /** Shortest accepted key. */
  readonly minKeyLength: number;
  /** Longest accepted key. */
  readonly maxKeyLength: number;
  /** `'stored'`: the key names a record on the server. `'cookie'`: the cookie value is the data. */
  readonly storage: 'stored' | 'cookie';
  /** Whether `exists` can answer truthfully. */
  readonly exists: boolean;
  /** Whether `delete` really removes the session everywhere (false for cookie engines). */
  readonly revocable: boolean;
  readonly clearExpired: ClearExpiredSupport;
  /** Smallest step of the store's expiry clock in ms (1000 for second-resolution TTLs). */
  readonly ttlResolutionMs: number;
  /** Whether the engine decides expiry by the injected clock (true) or the server's own (false). */
  readonly usesInjectedClock: boolean;
  /** Largest encoded record the engine accepts, in bytes. */
  readonly maxDataBytes: number;
  /**
   * Whether the engine stores `version` tokens and honours `UpdateOptions.expectedVersion`
   * (contract v2). Absent means false.
   */
  readonly optimisticConcurrency?: boolean;
}

export interface ClearExpiredOptions {
  /** Records removed per batch (a positive whole number, else `ConfigError`); 1000 by default. */
  batchSize?: number;
  /** Called after each batch that removed records, with the running total (a function, else `ConfigError`). */
  onProgress?: (removedSoFar: number) => void;
  /** Stops the run between batches; see `SessionEngine.clearExpired`. */
  signal?: AbortSignal;
}

/**
 * The storage contract. An engine knows nothing of HTTP or cookies. Each sentence below is a
 * promise every engine keeps; the conformance suite (`@sessionkit/conformance`) checks them.
 *
 * Liveness: a record is live while `expiresAt > now` and dead once `expiresAt <= now`.
 * A dead record is never loaded, updated or touched.
 *
 * Failures: every method maps driver failures to `EngineUnavailableError`, with the driver
 * error as `cause`. Every `EngineUnavailableError` a method rejects with names that method in
 * `operation` (`'load'`, `'touch'`, `'clearExpired'`, …), whether the store is down or the engine
 * closed, so a log shows which call failed. A store that answers but is set up wrong gives
 * `EngineMisconfiguredError`.
 *
 * Data: data JSON cannot carry faithfully is refused with `SerializationError` before anything
 * is written, and the previous record stays intact. Refused are: integers beyond 2^53, `-0`,
 * NaN, ±Infinity, undefined, functions, symbols, bigint, non-plain objects, cycles, and nesting
 * deeper than `MAX_JSON_DEPTH` (1000) levels. The check never overflows the call stack.
 *
 * Snapshots: `create` and `update` store the record as it was when the call was made. What the
 * caller changes in it afterwards, even before the call settles (its data, nested values
 * included, or its expiry), changes nothing stored.
 *
 * Size: `capabilities.maxDataBytes` counts UTF-8 bytes of the encoded record as the engine
 * stores it (after its codec). Every record whose encoding is at most `maxDataBytes` bytes
 * round-trips exactly. A record one byte larger is refused with `SessionTooLargeError`, and
 * the previous record stays intact.
 *
 * Versions: an engine declaring `capabilities.optimisticConcurrency` stores `record.version`
 * as given on `create` and `update`. `load` returns the version stored with the record.
 * Engines never invent versions. Engines without the capability ignore `version` and
 * `expectedVersion`.
 *
 * Concurrency: of two concurrent `create`s of one key, exactly one resolves and the other
 * rejects with `CreateError`. An `update` racing a `delete` never resurrects the record.
 * Once `delete` has resolved, a later `load` resolves to null. An `update` that lands after
 * the `delete` rejects with `UpdateError`.
 */
export interface SessionEngine {
  readonly name: string;
  readonly capabilities: EngineCapabilities;
  /**
   * Resolves to the live record under `key`, with the version stored with it, if any.
   * Resolves to null when none is stored, when it is dead, or when its data does not decode.
   * Never creates. A key outside the engine's key rules resolves to null without I/O.
   */
  load(key: string): Promise<SessionRecord | null>;
  /**
   * Stores `record` under a key no live record holds, and resolves to the value the cookie
   * carries. A live record under the key, decodable or not, makes it reject with
   * `CreateError`. A dead record still stored under the key may be replaced, atomically.
   * A key outside the engine's key rules makes it reject with `CreateError` before any I/O,
   * so core retries with a fresh key.
   */
  create(key: string, record: SessionRecord): Promise<string>;
  /**
   * Overwrites the live record under `key`, and resolves to the value the cookie carries.
   * No live record makes it reject with `UpdateError`; it never resurrects a record.
   * With `options.expectedVersion`, it overwrites only if the stored version equals it,
   * checked atomically with the write. A differing version, or a live record stored without
   * one, makes it reject with `SessionConflictError` and leaves the record intact.
   * No live record is still `UpdateError`, with or without `expectedVersion`.
   * A key outside the engine's key rules holds no record: it rejects with `UpdateError` before any I/O.
   */
  update(key: string, record: SessionRecord, options?: UpdateOptions): Promise<string>;
  /**
   * Optional. Moves the live record's expiry to `expiresAt`. Its data and version stay as
   * stored. No live record makes it reject with `UpdateError`; it never resurrects a record.
   * A key outside the engine's key rules holds no record: it rejects with `UpdateError` before any I/O.
   * Core falls back to `update` for engines without it.
   */
  touch?(key: string, expiresAt: Date): Promise<void>;
  /**
   * Removes the record under `key`, live or dead (when `capabilities.revocable`; a cookie
   * engine has nothing to remove). Idempotent: a missing key resolves, and so does a key
   * outside the engine's key rules.
   */
  delete(key: string): Promise<void>;
  /**
   * When `capabilities.exists`: resolves to true iff a live record is stored under `key`,
   * whether or not its data decodes. It never decodes the data. Otherwise always false.
   */
  exists(key: string): Promise<boolean>;
  /**
   * When `capabilities.clearExpired` is `'supported'`: removes dead records in bounded
   * batches, and resolves to the number removed. Live records are never removed.
   * `onProgress` receives the running total after each batch that removed records.
   * An aborted `signal` makes it reject with `signal.reason`. Records removed before the
   * abort stay removed and were reported through `onProgress`. An already-aborted signal
   * removes nothing. A `batchSize` that is not a positive whole number rejects with
   * `ConfigError`. So does an `onProgress` that is not a function, before anything is removed.
   */
  clearExpired(options?: ClearExpiredOptions): Promise<number>;
  /** Optional: creates the engine's schema, or brings an existing one up to date. Safe to repeat. */
  migrate?(): Promise<void>;
  /**
   * Releases what the engine opened itself. It resolves within the operation deadline, even
   * while the store is down. It is idempotent. Afterwards every call rejects with
   * `EngineUnavailableError`.
   */
  close(): Promise<void>;
}

/** Options every engine factory accepts. */
export interface CommonEngineOptions {
  /** Application clock for expiry decisions; defaults to the system clock. */
  clock?: Clock;
  /** Deadline for every store call, in ms (a positive whole number, else `ConfigError`); 5000 by default. */
  operationTimeoutMs?: number;
}
