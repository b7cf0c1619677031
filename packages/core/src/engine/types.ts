import type { Clock } from '../clock.js';

/** Any value JSON can carry. Session data is made of these. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** What a session holds, reserved keys (such as `_session_expiry`) included. */
export type SessionData = Record<string, JsonValue>;

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
  /** Rows removed per statement; the engine keeps each batch short. */
  batchSize?: number;
  /** Called after each batch with the running total. */
  onProgress?: (removedSoFar: number) => void;
  signal?: AbortSignal;
}

/**
 * The storage contract. An engine knows nothing of HTTP or cookies.
 * Every method maps driver failures to `EngineUnavailableError`, with the driver error as `cause`.
 */
export interface SessionEngine {
  readonly name: string;
  readonly capabilities: EngineCapabilities;
  /** The live record, or null when missing, expired (`expiresAt <= now`) or undecodable. Never creates. */
  load(key: string): Promise<SessionRecord | null>;
  /** Stores under a key nobody holds, or throws `CreateError`. Resolves to the value the cookie carries. */
  create(key: string, record: SessionRecord): Promise<string>;
  /** Overwrites a live record, or throws `UpdateError`. Never resurrects. Resolves to the cookie value. */
  update(key: string, record: SessionRecord, options?: UpdateOptions): Promise<string>;
  /**
   * Optional (contract v2): moves a live record's expiry to `expiresAt` without rewriting its data
   * or changing its version; throws `UpdateError` when no live record exists (never resurrects).
   * Core falls back to `update` for engines without it.
   */
  touch?(key: string, expiresAt: Date): Promise<void>;
  /** Idempotent. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Removes expired records in bounded batches; resolves to the count removed. */
  clearExpired(options?: ClearExpiredOptions): Promise<number>;
  /** Optional: creates the engine's schema. */
  migrate?(): Promise<void>;
  /** Releases what the engine opened itself; idempotent. */
  close(): Promise<void>;
}

/** Options every engine factory accepts. */
export interface CommonEngineOptions {
  /** Application clock for expiry decisions; defaults to the system clock. */
  clock?: Clock;
  /** Deadline for every store call, in ms. */
  operationTimeoutMs?: number;
}
