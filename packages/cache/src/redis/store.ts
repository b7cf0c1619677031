import type { Cluster, Redis } from 'ioredis';
import type { CacheStore, CasOutcome, StoredValue } from '../store.js';
import { CAS_SCRIPT, LOAD_SCRIPT, type LuaScript } from './scripts.js';
import { decodeRedisValue, encodeRedisValue } from './value.js';

/** An ioredis client: a single node (Sentinel included) or a Cluster. */
export type RedisClient = Redis | Cluster;

/**
 * The engine's operations on Redis, each one command: SET NX PX, SET XX PX, PEXPIRE, DEL,
 * EXISTS, and two single-key Lua scripts (load, check-and-set) by EVALSHA, so they are atomic
 * and safe on Cluster (one key, one slot).
 */
export class RedisStore implements CacheStore {
  readonly family = 'redis';
  readonly ttlResolutionMs = 1;
  readonly atomicConditional = true;

  constructor(
    readonly client: RedisClient,
    /** Closes the client when the engine created it; absent for the app's own client. */
    private readonly release?: () => Promise<void>,
  ) {}

  async get(key: string): Promise<StoredValue | null> {
    const reply = (await this.#run(LOAD_SCRIPT, key, [])) as [string, number] | null;
    // PTTL -2 (gone meanwhile) cannot happen inside the script; -1 (no TTL) is not ours: refuse it.
    if (reply === null || reply[1] <= 0) return null;
    const value = decodeRedisValue(reply[0]);
    if (value === null) return null;
    return { ...value, expiresAt: Date.now() + reply[1] };
  }

  async add(key: string, value: StoredValue): Promise<boolean> {
    // Born dead: nothing to store, but a live holder of the key still makes it a CreateError.
    const ttl = ttlMs(value);
    if (ttl <= 0) return (await this.client.exists(key)) === 0;
    const reply = await this.client.set(key, encode(value), 'PX', ttl, 'NX');
    return reply === 'OK';
  }

  async replace(key: string, value: StoredValue): Promise<boolean> {
    // An expiry at or before now ends the session at once.
    const ttl = ttlMs(value);
    if (ttl <= 0) return (await this.client.del(key)) === 1;
    const reply = await this.client.set(key, encode(value), 'PX', ttl, 'XX');
    return reply === 'OK';
  }

  async compareAndSet(key: string, expectedVersion: string, value: StoredValue): Promise<CasOutcome> {
    const reply = await this.#run(CAS_SCRIPT, key, [expectedVersion, encode(value), String(ttlMs(value))]);
    if (reply === 1) return 'written';
    return reply === 0 ? 'missing' : 'conflict';
  }

  async touch(key: string, expiresAt: number): Promise<boolean> {
    // PEXPIRE with a time already past deletes the key (and still answers 1 for a key that was there).
    return (await this.client.pexpire(key, expiresAt - Date.now())) === 1;
  }

  async delete(key: string): Promise<void> {
    await this.client.del(key);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.client.exists(key)) === 1;
  }

  async close(): Promise<void> {
    await this.release?.();
  }

  /** EVALSHA, and EVAL once when the server answers NOSCRIPT (a restart or SCRIPT FLUSH). */
  async #run(script: LuaScript, key: string, args: string[]): Promise<unknown> {
    try {
      return await this.client.evalsha(script.sha, 1, key, ...args);
    } catch (error) {
      if (!String((error as { message?: unknown }).message).startsWith('NOSCRIPT')) throw error;
      return this.client.eval(script.source, 1, key, ...args);
    }
  }
}

function encode(value: StoredValue): string {
  return encodeRedisValue(value.version, value.data);
}

/** PX in ms; zero or less means the record is already dead. */
function ttlMs(value: StoredValue): number {
  return value.expiresAt - Date.now();
}
