import { deepStrictEqual, ok } from 'node:assert/strict';
import { generateVersionToken, type SessionData, type SessionEngine } from '@sessionkit/core';
import { concurrentOpRound, opRound } from '../harness/runner.js';
import type { Budget, Contender, Group, SuiteSpec } from '../harness/types.js';
import { sessionData, sessionKey, TWO_WEEKS_MS } from '../payload.js';

type MaybePromise<T> = T | Promise<T>;

/**
 * One storage contender: our engine, a peer store, or the raw client. A new engine
 * (Redis, Memcached) is one of these objects; `engineStore` builds it from any SessionEngine.
 */
export interface SessionStore {
  readonly name: string;
  readonly group: Group;
  note?: string;
  /** Opens connections and creates the contender's own table (never a shared one). */
  open(): Promise<void>;
  /** Stores a new session (seeding and the round-trip check). */
  create(key: string, data: SessionData): MaybePromise<void>;
  /** The session's data, or null. A synchronous answer is not awaited. */
  load(key: string): MaybePromise<SessionData | null>;
  /**
   * Overwrites a live session with new data and a fresh two-week expiry. What it resolves to is
   * ignored: a client's own promise is returned as it is, with no layer of the harness's.
   */
  save(key: string, data: SessionData): MaybePromise<unknown>;
  /** Drops what `open` created and closes connections. */
  close(): Promise<void>;
  /**
   * Scale runs only: adds `rows` rows to the contender's table in bulk (one transaction on
   * SQLite, one INSERT … SELECT generate_series on PostgreSQL), live or already expired.
   */
  seedFiller?(rows: number, expired: boolean): Promise<void>;
}

export interface StoreSuiteOptions {
  id: string;
  title: string;
  description: string;
  /** Approximate JSON size of each session. */
  sessionBytes: number;
  /** Sessions seeded per contender; operation i uses key i mod `keys`. */
  keys?: number;
  rounds?: number;
  budget?: Budget;
  /** 'load+save' (default) or 'load' (a read-only request). */
  operation?: 'load+save' | 'load';
  /** Operations outstanding at once (default 1: one at a time). */
  inFlight?: number;
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
}

const isPromise = (value: unknown): value is Promise<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as Promise<unknown>).then === 'function';

/** One load+save: what a request that reads and changes its session costs the store. */
function loadSave(store: SessionStore, key: string, i: number): unknown {
  const touch = (data: SessionData | null): MaybePromise<unknown> => {
    if (data === null) throw new Error(`${store.name}: seeded session ${key} did not load`);
    data.n = i;
    return store.save(key, data);
  };
  const loaded = store.load(key);
  return isPromise(loaded) ? loaded.then(touch) : touch(loaded);
}

/** Writes a marked session, reads it back, changes it, reads the change back. */
export async function roundTrip(store: SessionStore, bytes: number): Promise<void> {
  const key = sessionKey();
  const data: SessionData = { ...sessionData(bytes, 99), marker: key };
  await store.create(key, structuredClone(data));
  const first = await store.load(key);
  ok(first !== null, `${store.name}: a created session did not load`);
  for (const field of Object.keys(data))
    deepStrictEqual(first[field], data[field], `${store.name}: field ${field} differs`);
  first.n = 4242;
  await store.save(key, first);
  const second = await store.load(key);
  ok(second !== null && second.n === 4242, `${store.name}: a saved change did not read back`);
  ok((await store.load(sessionKey())) === null, `${store.name}: an unknown key loaded something`);
}

/** A load that must find the session. */
function loadOnly(store: SessionStore, key: string): unknown {
  const found = (data: SessionData | null): void => {
    if (data === null) throw new Error(`${store.name}: seeded session ${key} did not load`);
  };
  const loaded = store.load(key);
  return isPromise(loaded) ? loaded.then(found) : found(loaded);
}

export function storeContender(
  store: SessionStore,
  bytes: number,
  keyCount: number,
  operation: 'load+save' | 'load' = 'load+save',
  inFlight = 1,
): Contender {
  const keys: string[] = [];
  // Keys are visited in a fixed shuffled order, so consecutive operations hit unrelated rows.
  const order = Array.from({ length: keyCount }, (_, i) => (i * 7919) % keyCount);
  const op = (i: number): unknown => {
    const key = keys[order[i % keyCount] as number] as string;
    return operation === 'load' ? loadOnly(store, key) : loadSave(store, key, i);
  };
  // Consecutive operations use distinct keys, so those in flight together never share one.
  const round = inFlight > 1 ? concurrentOpRound(op, inFlight) : opRound(op);
  return {
    name: store.name,
    group: store.group,
    get note() {
      return store.note;
    },
    async setup() {
      await store.open();
      const data = sessionData(bytes);
      for (let i = 0; i < keyCount; i++) {
        const key = sessionKey();
        await store.create(key, structuredClone(data));
        keys.push(key);
      }
    },
    check: () => roundTrip(store, bytes),
    round,
    teardown: () => store.close(),
  };
}

export function storeSuite(stores: SessionStore[], options: StoreSuiteOptions): SuiteSpec {
  const keys = options.keys ?? 1000;
  const operation = options.operation ?? 'load+save';
  return {
    id: options.id,
    title: options.title,
    unit: operation,
    description: options.description,
    rounds: options.rounds ?? 7,
    budget: options.budget ?? { maxOps: 20_000, maxMs: 300 },
    warmup: { maxOps: 5_000, maxMs: 400 },
    contenders: stores.map((store) => storeContender(store, options.sessionBytes, keys, operation, options.inFlight)),
    setup: options.setup,
    teardown: options.teardown,
  };
}

/**
 * Any SessionEngine as a storage contender: create/load/update through the engine contract.
 * `optimistic`: what a session costs the store with `concurrency: 'optimistic'`: every write
 * stores a fresh version token, and the update is conditioned on the version loaded.
 */
export function engineStore(
  name: string,
  group: Group,
  note: string,
  make: () => MaybePromise<SessionEngine>,
  extra: {
    cleanup?: (engine: SessionEngine) => Promise<void>;
    seedFiller?: (rows: number, expired: boolean) => Promise<void>;
    optimistic?: boolean;
  } = {},
): SessionStore {
  let engine: SessionEngine | undefined;
  const versions = extra.optimistic === true ? new Map<string, string | undefined>() : undefined;
  const expiry = (): Date => new Date(Date.now() + TWO_WEEKS_MS);
  const get = (): SessionEngine => {
    if (engine === undefined) throw new Error(`${name}: not open`);
    return engine;
  };
  return {
    name,
    group,
    note,
    async open() {
      engine = await make();
      await engine.migrate?.();
    },
    async create(key, data) {
      if (versions === undefined) return void (await get().create(key, { data, expiresAt: expiry() }));
      const version = generateVersionToken();
      await get().create(key, { data, expiresAt: expiry(), version });
      versions.set(key, version);
    },
    load: (key) =>
      get()
        .load(key)
        .then((record) => {
          if (record === null) return null;
          versions?.set(key, record.version);
          return record.data;
        }),
    save: (key, data) => {
      if (versions === undefined) {
        return get().update(key, { data, expiresAt: expiry() });
      }
      const version = generateVersionToken();
      return get()
        .update(key, { data, expiresAt: expiry(), version }, { expectedVersion: versions.get(key) })
        .then(() => void versions.set(key, version));
    },
    async close() {
      if (engine === undefined) return;
      await extra.cleanup?.(engine);
      await engine.close();
      engine = undefined;
    },
    seedFiller: extra.seedFiller,
  };
}

/** The JSON of one filler row (about 250 bytes): never loaded, only there to make the table big. */
export const FILLER_JSON = JSON.stringify({
  _auth_user_id: '1',
  _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
  _auth_user_hash: 'f'.repeat(64),
  csrftoken: 'c'.repeat(32),
  n: 0,
});

/** The slice of express-session's Store API that the peers implement (callback style). */
export interface ExpressSessionStoreLike {
  get(sid: string, callback: (error: unknown, session?: unknown) => void): unknown;
  set(sid: string, session: unknown, callback?: (error?: unknown) => void): unknown;
}

/** What express-session itself puts beside the data: the serialized cookie. */
function cookieField(): SessionData {
  return {
    originalMaxAge: TWO_WEEKS_MS,
    expires: new Date(Date.now() + TWO_WEEKS_MS).toISOString(),
    httpOnly: true,
    path: '/',
  };
}

/**
 * An express-session store as a contender. It stores what express-session would hand it:
 * the data plus a `cookie` field (about 100 bytes more JSON than ours store).
 */
export function expressStore(
  name: string,
  note: string,
  make: () => Promise<ExpressSessionStoreLike>,
  cleanup?: () => Promise<void>,
): SessionStore {
  let store: ExpressSessionStoreLike | undefined;
  const get = (): ExpressSessionStoreLike => {
    if (store === undefined) throw new Error(`${name}: not open`);
    return store;
  };
  const set = (key: string, data: SessionData): Promise<void> =>
    new Promise((resolve, reject) => {
      data.cookie = cookieField();
      get().set(key, data, (error) => (error ? reject(error) : resolve()));
    });
  return {
    name,
    group: 'peer',
    note,
    async open() {
      store = await make();
    },
    create: set,
    load: (key) =>
      new Promise((resolve, reject) => {
        get().get(key, (error, session) =>
          error ? reject(error) : resolve((session as SessionData | undefined) ?? null),
        );
      }),
    save: set,
    async close() {
      await cleanup?.();
      store = undefined;
    },
  };
}
