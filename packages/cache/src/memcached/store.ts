import type { CallDeadlines } from '../deadlines.js';
import { type CacheStore, type CasOutcome, type StoredValue, thenOrFailure } from '../store.js';
import type { MemcachedDriver } from './driver.js';
import { memcachedExptime } from './expiry.js';
import { EXPIRED_NOW } from './limits.js';
import { encodeStoredValue, liveStoredValue } from '../value.js';

/** How often `touch` retries when another writer changed the item between its gets and cas. */
const TOUCH_ATTEMPTS = 3;

/**
 * The engine's operations on Memcached: get, add, replace, delete (one round trip each);
 * check-and-set and touch by gets + cas where the client has them. Expiry is whole seconds on
 * the server; the exact instant travels in the value and is checked on read. An expiry at or
 * before now ends the item (the server's exptime would keep it a second at least, long enough
 * for a late update to bring the session back) and a create stores nothing.
 * Each method is one engine call (named as the engine names it, for the timeout error) and
 * fails by the engine's deadline: the one-command calls inside the driver's own promise, the
 * others under one deadline for all their commands (`CallDeadlines.run`).
 */
export class MemcachedStore implements CacheStore {
  readonly family = 'memcached';
  readonly ttlResolutionMs = 1000;
  readonly atomicConditional: boolean;

  constructor(
    readonly driver: MemcachedDriver,
    private readonly deadlines: CallDeadlines,
  ) {
    this.atomicConditional = driver.hasCas;
  }

  /** Every call is bounded here (the clients' own timeouts do not bound pool waits and retries). */
  enforcesDeadline(): boolean {
    return true;
  }

  get(key: string): Promise<StoredValue | null> {
    return this.driver.get(key, 'load').then(live);
  }

  getText(key: string): Promise<string | null>;
  getText<T>(key: string, read: (text: string | null) => T, failure: (error: unknown) => unknown): Promise<T>;
  getText<T>(
    key: string,
    read?: (text: string | null) => T,
    failure?: (error: unknown) => unknown,
  ): Promise<T | string | null> {
    return read === undefined ? this.driver.get(key, 'load') : this.driver.read(key, 'load', read, failure);
  }

  add(key: string, value: StoredValue): Promise<boolean> {
    return this.deadlines.run('create', () => this.#add(key, value));
  }

  replace<T>(
    key: string,
    value: StoredValue,
    settle: (replaced: boolean) => T,
    failure: (error: unknown) => unknown,
  ): Promise<T> {
    const now = Date.now();
    if (value.expiresAt <= now) {
      // Ending: true when an item was there, as Redis answers its DEL.
      return thenOrFailure(this.driver.delete(key, 'update'), settle, failure);
    }
    const exptime = memcachedExptime(value.expiresAt, now);
    return this.driver.replace(key, encodeStoredValue(value), exptime, 'update', settle, failure);
  }

  compareAndSet(key: string, expectedVersion: string, value: StoredValue): Promise<CasOutcome> {
    return this.deadlines.run('update', () => this.#compareAndSet(key, expectedVersion, value));
  }

  touch(key: string, expiresAt: number): Promise<boolean> {
    return this.deadlines.run('touch', () => this.#touch(key, expiresAt));
  }

  delete(key: string): Promise<void> {
    // The driver's promise as it is (no layer of ours); its answer goes unread.
    return this.driver.delete(key, 'delete') as Promise<unknown> as Promise<void>;
  }

  exists(key: string): Promise<boolean> {
    return this.driver.get(key, 'exists').then((text) => live(text) !== null);
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  async #add(key: string, value: StoredValue): Promise<boolean> {
    // Born dead: nothing to store, but a live holder of the key still makes it a CreateError.
    if (value.expiresAt <= Date.now()) return live(await this.driver.get(key)) === null;
    const text = encodeStoredValue(value);
    if (await this.driver.add(key, text, exptime(value.expiresAt))) return true;
    // NOT_STORED: a live session, or one dead for less than a second that memcached still keeps.
    if (!this.driver.hasCas) return false;
    const item = await this.driver.gets(key);
    if (item === null) return this.driver.add(key, text, exptime(value.expiresAt));
    if (live(item.value) !== null) return false;
    return this.driver.cas(key, text, item.cas, exptime(value.expiresAt));
  }

  async #compareAndSet(key: string, expectedVersion: string, value: StoredValue): Promise<CasOutcome> {
    const item = await this.driver.gets(key);
    const current = item === null ? null : live(item.value);
    if (item === null || current === null) return 'missing';
    if (current.version === '' || current.version !== expectedVersion) return 'conflict';
    if (await this.#casOrEnd(key, encodeStoredValue(value), item.cas, value.expiresAt)) return 'written';
    return live(await this.driver.get(key)) === null ? 'missing' : 'conflict';
  }

  async #touch(key: string, expiresAt: number): Promise<boolean> {
    for (let attempt = 0; attempt < TOUCH_ATTEMPTS; attempt++) {
      const item = await this.driver.gets(key);
      const current = item === null ? null : live(item.value);
      if (item === null || current === null) return false;
      const moved = encodeStoredValue({ ...current, expiresAt });
      if (await this.#casOrEnd(key, moved, item.cas, expiresAt)) return true;
    }
    // Ending still ends what the three writers left, as Redis's script would after them.
    if (expiresAt <= Date.now()) return this.driver.delete(key);
    // Three writers in a row got there first: each of them set a fresh expiry of its own.
    return live(await this.driver.get(key)) !== null;
  }

  /**
   * cas, or with an expiry at or before now a cas of an empty item already expired (exptime -1):
   * still only if the item is unchanged since the gets, where a delete would end whatever a
   * writer put there meanwhile. Only the `memcached` client has cas (text protocol, which takes
   * a negative exptime; memjs never gets here).
   */
  #casOrEnd(key: string, text: string, cas: string, expiresAt: number): Promise<boolean> {
    const now = Date.now();
    if (expiresAt <= now) return this.driver.cas(key, '', cas, EXPIRED_NOW);
    return this.driver.cas(key, text, cas, memcachedExptime(expiresAt, now));
  }
}

function exptime(expiresAt: number): number {
  return memcachedExptime(expiresAt, Date.now());
}

/** The stored value when it decodes and its exact expiry has not passed. */
function live(text: string | null): StoredValue | null {
  return liveStoredValue(text, Date.now());
}
