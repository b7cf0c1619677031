import type { Cluster, Redis } from 'ioredis';
import { type CacheStore, type CasOutcome, type StoredValue, thenOrFailure } from '../store.js';
import { encodeStoredValue, liveStoredValue } from '../value.js';
import { commandDeadlineMs } from './command-deadlines.js';
import { CAS_SCRIPT, type LuaScript, TOUCH_SCRIPT } from './scripts.js';

/** An ioredis client: a single node (Sentinel included) or a Cluster. */
export type IoredisClient = Redis | Cluster;

/**
 * The engine's operations on Redis, each one command: GET, SET NX PX, SET XX PX, DEL, EXISTS,
 * and two single-key Lua scripts (check-and-set, touch) by EVALSHA, so they are atomic and safe
 * on Cluster (one key, one slot). The exact expiry is in the value (see ../value.ts) as well as
 * in the key's TTL, so a load is a plain GET.
 */
export class RedisStore implements CacheStore {
  readonly family = 'redis';
  readonly ttlResolutionMs = 1;
  readonly atomicConditional = true;

  /** Called before each command: batches the writes of one tick (see coalesce.ts), or nothing. */
  readonly #beforeSend: () => void;

  constructor(
    readonly client: IoredisClient,
    /** Closes the client when the engine created it; absent for the app's own client. */
    private readonly release?: () => Promise<void>,
    /** Set for a single-node client the engine created without auto-pipelining. */
    beforeSend?: () => void,
  ) {
    this.#beforeSend = beforeSend ?? noop;
  }

  /**
   * True when every command, queued offline ones included, is under `commandTimeout` or the
   * client's sweep (command-deadlines.ts). Never on a Cluster: a node's `commandTimeout` starts
   * only once a command reaches the node, and the Cluster client holds commands before that
   * (auto-pipelined behind a batch in flight, retried after a lost node, queued while it
   * reconnects or refreshes its slots), for seconds; the engine's shared sweep bounds its calls.
   */
  enforcesDeadline(deadlineMs: number): boolean {
    if (this.client.isCluster) return false;
    const timeout = commandDeadlineMs(this.client);
    return typeof timeout === 'number' && timeout > 0 && timeout <= deadlineMs;
  }

  async get(key: string): Promise<StoredValue | null> {
    return liveStoredValue(await this.getText(key), Date.now());
  }

  getText(key: string): Promise<string | null>;
  getText<T>(key: string, read: (text: string | null) => T, failure: (error: unknown) => unknown): Promise<T>;
  getText<T>(
    key: string,
    read?: (text: string | null) => T,
    failure?: (error: unknown) => unknown,
  ): Promise<T | string | null> {
    this.#beforeSend();
    const text = this.client.get(key);
    // ioredis answers with a promise: a `then` either way.
    return read === undefined ? text : thenOrFailure(text, read, failure);
  }

  async add(key: string, value: StoredValue): Promise<boolean> {
    // Born dead: nothing to store, but a live holder of the key still makes it a CreateError.
    const ttl = ttlMs(value);
    this.#beforeSend();
    if (ttl <= 0) return (await this.client.exists(key)) === 0;
    const reply = await this.client.set(key, encode(value), 'PX', ttl, 'NX');
    return reply === 'OK';
  }

  /** Not an async function: one `then` on the client's promise, the engine's `settle` in it. */
  replace<T>(
    key: string,
    value: StoredValue,
    settle: (replaced: boolean) => T,
    failure: (error: unknown) => unknown,
  ): Promise<T> {
    // An expiry at or before now ends the session at once.
    const ttl = ttlMs(value);
    this.#beforeSend();
    if (ttl <= 0) return thenOrFailure(this.client.del(key), (count) => settle(count === 1), failure);
    const set = this.client.set(key, encode(value), 'PX', ttl, 'XX');
    return thenOrFailure(set, (reply) => settle(reply === 'OK'), failure);
  }

  async compareAndSet(key: string, expectedVersion: string, value: StoredValue): Promise<CasOutcome> {
    const reply = await this.#run(CAS_SCRIPT, key, [expectedVersion, encode(value), String(ttlMs(value))]);
    if (reply === 1) return 'written';
    return reply === 0 ? 'missing' : 'conflict';
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    // A time already past deletes the key (and still answers 1 for a key that was there).
    return (await this.#run(TOUCH_SCRIPT, key, [String(expiresAt), String(expiresAt - Date.now())])) === 1;
  }

  async delete(key: string): Promise<void> {
    this.#beforeSend();
    await this.client.del(key);
  }

  async exists(key: string): Promise<boolean> {
    this.#beforeSend();
    return (await this.client.exists(key)) === 1;
  }

  async close(): Promise<void> {
    await this.release?.();
  }

  /** EVALSHA, and EVAL once when the server answers NOSCRIPT (a restart or SCRIPT FLUSH). */
  async #run(script: LuaScript, key: string, args: string[]): Promise<unknown> {
    this.#beforeSend();
    try {
      return await this.client.evalsha(script.sha, 1, key, ...args);
    } catch (error) {
      if (!String((error as { message?: unknown }).message).startsWith('NOSCRIPT')) throw error;
      return this.client.eval(script.source, 1, key, ...args);
    }
  }
}

function noop(): void {}

function encode(value: StoredValue): string {
  return encodeStoredValue(value);
}

/** PX in ms; zero or less means the record is already dead. */
function ttlMs(value: StoredValue): number {
  return value.expiresAt - Date.now();
}
