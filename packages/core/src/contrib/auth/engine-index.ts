import { type Clock, resolveClock } from '../../clock.js';
import { ConfigError, CreateError, SessionError, UpdateError } from '../../errors.js';
import { isValidKey } from '../../engine/keys.js';
import type { SessionEngine } from '../../engine/types.js';
import { type Secret, validateFallbacks, validateSecret } from '../../signing/index.js';
import { indexRecordKey, openKeys, sealKeys } from './index-crypto.js';
import type { UserSessionIndex } from './index-types.js';
import { assertRevocable } from './memory-index.js';

export interface EngineSessionIndexOptions {
  /** The engine that holds the sessions. */
  engine: SessionEngine;
  /** Where the index records live; the session engine by default. */
  store?: SessionEngine;
  /** Names and encrypts the index records. Use the auth secret. */
  secret: Secret;
  /** Older secrets whose records are still read (and moved to the primary on the next write). */
  fallbackSecrets?: Secret[];
  /** Lifetime of a user's index record, pushed forward on each write; 90 days by default. */
  ttlSeconds?: number;
  /** Above this many keys, `add` drops the ones whose session no longer exists. */
  pruneAbove?: number;
  clock?: Clock;
}

const FIELD = '_sessionkit_user_sessions';
const DEFAULT_TTL_SECONDS = 90 * 24 * 3600;
const MAX_ATTEMPTS = 4;

interface IndexState {
  keys: string[];
  /** Expiry of the primary record, when it exists. */
  expiresAt: Date | null;
  /** Records under fallback-secret keys, to be merged and deleted. */
  legacy: string[];
}

/**
 * An index kept as one record per user in a SessionEngine, through the public contract only.
 * Writes are read-modify-write (the contract has no compare-and-set yet): within one process
 * they are queued per user; across processes each write is read back and retried when a
 * concurrent write lost it, which narrows but cannot close the race (see docs/auth.md).
 */
export class EngineSessionIndex implements UserSessionIndex {
  readonly engine: SessionEngine;
  readonly #store: SessionEngine;
  readonly #secrets: Secret[];
  readonly #ttlMs: number;
  readonly #pruneAbove: number;
  readonly #clock: Clock;
  readonly #keyLength: number;
  /** Tail of the per-user write queue in this process. */
  readonly #queues = new Map<string, Promise<void>>();

  constructor(options: EngineSessionIndexOptions) {
    assertRevocable(options.engine);
    validateSecret(options.secret, 'secret');
    const fallbacks = options.fallbackSecrets ?? [];
    validateFallbacks(options.secret, fallbacks);
    this.engine = options.engine;
    this.#store = options.store ?? options.engine;
    this.#secrets = [options.secret, ...fallbacks];
    this.#ttlMs = (options.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000;
    this.#pruneAbove = options.pruneAbove ?? 32;
    this.#clock = resolveClock(options.clock);
    const caps = this.#store.capabilities;
    this.#keyLength = Math.min(40, caps.maxKeyLength);
    if (!isValidKey(indexRecordKey('probe', options.secret, this.#keyLength), caps)) {
      throw new ConfigError(`engine '${this.#store.name}' does not accept hex keys of ${this.#keyLength} characters`);
    }
  }

  async add(userId: string, sessionKey: string): Promise<void> {
    await this.#mutate(
      userId,
      async (keys) => {
        keys.add(sessionKey);
        if (keys.size > this.#pruneAbove) await this.#prune(keys, sessionKey);
      },
      (keys) => keys.includes(sessionKey),
    );
  }

  async remove(userId: string, sessionKeys: readonly string[]): Promise<void> {
    await this.#mutate(
      userId,
      async (keys) => {
        for (const key of sessionKeys) keys.delete(key);
      },
      (keys) => !sessionKeys.some((key) => keys.includes(key)),
    );
  }

  async list(userId: string): Promise<string[]> {
    return (await this.#read(userId)).keys;
  }

  #mutate(userId: string, change: (keys: Set<string>) => Promise<void>, applied: (keys: string[]) => boolean) {
    const previous = this.#queues.get(userId) ?? Promise.resolve();
    const run = previous.then(() => this.#mutateNow(userId, change, applied));
    const tail = run.catch(() => {});
    this.#queues.set(userId, tail);
    void tail.then(() => {
      if (this.#queues.get(userId) === tail) this.#queues.delete(userId);
    });
    return run;
  }

  async #mutateNow(userId: string, change: (keys: Set<string>) => Promise<void>, applied: (keys: string[]) => boolean) {
    const recordKey = this.#recordKey(userId, 0);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await this.#read(userId);
      const keys = new Set(state.keys);
      await change(keys);
      await this.#write(recordKey, [...keys], state.expiresAt);
      for (const legacy of state.legacy) await this.#store.delete(legacy);
      if (applied((await this.#read(userId)).keys)) return;
    }
    throw new SessionError('the user session index kept changing under concurrent writes; try again');
  }

  async #read(userId: string): Promise<IndexState> {
    const state: IndexState = { keys: [], expiresAt: null, legacy: [] };
    const seen = new Set<string>();
    for (const [i, secret] of this.#secrets.entries()) {
      const recordKey = this.#recordKey(userId, i);
      const record = await this.#store.load(recordKey);
      if (record === null) continue;
      if (i === 0) state.expiresAt = record.expiresAt;
      else state.legacy.push(recordKey);
      const sealed = record.data[FIELD];
      const keys = typeof sealed === 'string' ? openKeys(sealed, secret, recordKey) : null;
      for (const key of keys ?? []) seen.add(key);
    }
    state.keys = [...seen];
    return state;
  }

  async #write(recordKey: string, keys: string[], previousExpiry: Date | null): Promise<void> {
    if (keys.length === 0) return this.#store.delete(recordKey);
    const now = this.#clock.now();
    const expiresAt = new Date(Math.max(now + this.#ttlMs, previousExpiry?.getTime() ?? 0));
    const record = { data: { [FIELD]: sealKeys(keys, this.#secrets[0] as Secret, recordKey) }, expiresAt };
    try {
      if (previousExpiry === null) await this.#store.create(recordKey, record);
      else await this.#store.update(recordKey, record);
    } catch (error) {
      // The record appeared or vanished since the read: take the other path once.
      if (error instanceof CreateError) await this.#store.update(recordKey, record);
      else if (error instanceof UpdateError) await this.#store.create(recordKey, record);
      else throw error;
    }
  }

  async #prune(keys: Set<string>, keep: string): Promise<void> {
    // An engine without `exists` answers false for every key, live ones included.
    if (!this.engine.capabilities.exists) return;
    const checks = [...keys].filter((k) => k !== keep).map(async (k) => ({ k, live: await this.engine.exists(k) }));
    for (const { k, live } of await Promise.all(checks)) if (!live) keys.delete(k);
  }

  #recordKey(userId: string, secretIndex: number): string {
    return indexRecordKey(userId, this.#secrets[secretIndex] as Secret, this.#keyLength);
  }
}
