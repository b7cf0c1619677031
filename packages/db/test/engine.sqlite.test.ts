import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  CreateError,
  EngineMisconfiguredError,
  EngineUnavailableError,
  plainJsonCodec,
  UpdateError,
} from '@sessionkit/core';
import { hashKey } from '@sessionkit/core/engine';
import { ManualClock } from '@sessionkit/conformance';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { knex, type Knex } from 'knex';
import { TEST_SECRET } from './support/names';

const KEY = 'abcdefgh12345678abcdefgh12345678';
const HOUR = 3_600_000;

describe('db engine on embedded SQLite', () => {
  let dir: string;
  let clock: ManualClock;
  let engine: DbEngine;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sk-db-engine-'));
    clock = new ManualClock(Date.UTC(2026, 10, 28, 12));
    engine = createDbEngine({ filename: join(dir, 's.sqlite3'), secret: TEST_SECRET, clock });
    await engine.migrate();
  });
  afterEach(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const record = (data: Record<string, string | number>, ttl = HOUR) => ({
    data,
    expiresAt: new Date(clock.now() + ttl),
  });

  it('opens the file in WAL mode with a 5 s busy timeout', async () => {
    const [mode] = await engine.knex.raw('PRAGMA journal_mode');
    const [timeout] = await engine.knex.raw('PRAGMA busy_timeout');
    expect(mode).toEqual({ journal_mode: 'wal' });
    expect(Object.values(timeout)).toEqual([5000]);
  });

  it('prepares each statement once, on first use', async () => {
    const db = (await engine.knex.client.acquireConnection()) as { prepare: (sql: string) => unknown };
    const prepare = jest.spyOn(db, 'prepare');
    await engine.create(KEY, record({ a: 1 }));
    for (let i = 0; i < 50; i++) {
      await engine.load(KEY);
      await engine.update(KEY, record({ a: i }));
      await engine.exists(KEY);
    }
    expect(prepare).toHaveBeenCalledTimes(4); // insert, load, update, exists
  });

  it('stores the SHA-256 of the key, the signed data and the expiry as integer epoch ms', async () => {
    await engine.create(KEY, record({ a: 1 }));
    const rows = await engine.knex.raw('SELECT * FROM sessionkit_sessions');
    expect(rows).toHaveLength(1);
    expect(rows[0].session_key).toBe(hashKey(KEY));
    expect(rows[0].session_data).toMatch(/^\.?[\w-]+:[\w-]+:[\w-]+$/);
    expect(rows[0].expires_at).toBe(Date.UTC(2026, 10, 28, 13));
    const [{ kind }] = await engine.knex.raw('SELECT typeof(expires_at) AS kind FROM sessionkit_sessions');
    expect(kind).toBe('integer');
  });

  it('never serves an expired row, even before cleanup', async () => {
    await engine.create(KEY, record({ a: 1 }, 1000));
    clock.advance(1000);
    expect(await engine.load(KEY)).toBeNull();
    expect(await engine.exists(KEY)).toBe(false);
    await expect(engine.update(KEY, record({ a: 2 }))).rejects.toBeInstanceOf(UpdateError);
    const [{ n }] = await engine.knex.raw('SELECT count(*) AS n FROM sessionkit_sessions');
    expect(n).toBe(1);
  });

  it('create takes over the row of a dead session, never a live one', async () => {
    await engine.create(KEY, record({ owner: 'first' }, 1000));
    await expect(engine.create(KEY, record({ owner: 'second' }))).rejects.toBeInstanceOf(CreateError);
    clock.advance(1000);
    await engine.create(KEY, record({ owner: 'third' }));
    expect((await engine.load(KEY))?.data).toEqual({ owner: 'third' });
  });

  it('close() is idempotent and later calls are EngineUnavailableError', async () => {
    await engine.close();
    await engine.close();
    await expect(engine.load(KEY)).rejects.toBeInstanceOf(EngineUnavailableError);
  });
});

describe('db engine on an app-owned knex (better-sqlite3)', () => {
  let db: Knex;
  let queries: string[];

  beforeEach(() => {
    db = knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    queries = [];
    db.on('query', (query: { sql: string }) => queries.push(query.sql));
  });
  afterEach(() => db.destroy());

  it('keys outside [a-z0-9]{8,40} never reach SQL', async () => {
    const engine = createDbEngine({ knex: db, codec: plainJsonCodec });
    await engine.migrate();
    queries.length = 0;
    const bad = [
      'ABCDEFGH12345678',
      "x' OR '1'='1",
      'abc',
      'a'.repeat(41),
      'abcdefgh%',
      'abcdefgh\u0000',
      'ａｂｃｄｅｆｇｈ',
    ];
    const rec = { data: {}, expiresAt: new Date(Date.now() + HOUR) };
    for (const key of bad) {
      expect(await engine.load(key)).toBeNull();
      expect(await engine.exists(key)).toBe(false);
      await engine.delete(key);
      await expect(engine.create(key, rec)).rejects.toBeInstanceOf(CreateError);
      await expect(engine.update(key, rec)).rejects.toBeInstanceOf(UpdateError);
    }
    expect(queries).toEqual([]);
  });

  it('close() leaves the app its knex', async () => {
    const engine = createDbEngine({ knex: db, codec: plainJsonCodec });
    await engine.migrate();
    await engine.close();
    expect(await db.raw('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('keeps keys and data out of error messages and causes (knex writes bindings into them)', async () => {
    const engine = createDbEngine({ knex: db, secret: TEST_SECRET }); // no migrate: the table is missing
    const error = await engine
      .create(KEY, { data: { a: 'x' }, expiresAt: new Date(Date.now() + HOUR) })
      .catch((e) => e);
    expect(error).toBeInstanceOf(EngineMisconfiguredError);
    const cause = String(error.cause?.message);
    expect(cause).toContain('no such table');
    for (const text of [error.message, cause]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(hashKey(KEY));
    }
    expect(cause).toContain('[redacted]');
  });

  it('keeps data with quotes out of causes too (knex doubles each quote in the SQL it writes there)', async () => {
    const engine = createDbEngine({ knex: db, codec: plainJsonCodec }); // no migrate: the table is missing
    const data = { note: "it's O'Brien's", token: 'SENSITIVE-TOKEN-123' };
    const error = await engine.create(KEY, { data, expiresAt: new Date(Date.now() + HOUR) }).catch((e) => e);
    const cause = String(error.cause?.message);
    expect(cause).toContain('no such table');
    expect(cause).not.toContain('SENSITIVE-TOKEN-123');
    expect(cause).not.toContain('Brien');
    expect(cause).toContain('[redacted]');
  });
});

describe('createDbEngine options', () => {
  const base = { filename: ':memory:', secret: TEST_SECRET };
  it.each([
    ['both secret and codec', { ...base, codec: plainJsonCodec }],
    ['neither knex nor filename', { secret: TEST_SECRET }],
    // A JavaScript caller's slip: the knex module where an instance belongs.
    ['the knex module instead of an instance', { secret: TEST_SECRET, knex: knex as unknown as Knex }],
    ['a short secret', { filename: ':memory:', secret: 'short' }],
    ['djangoCompatible with hashKeys', { ...base, djangoCompatible: true, hashKeys: true }],
    ['a table name that is not an identifier', { ...base, tableName: 'sessions; DROP TABLE x' }],
    ['duplicate column names', { ...base, columns: { data: 'session_key' } }],
    ['maxDataBytes 0', { ...base, maxDataBytes: 0 }],
    ['operationTimeoutMs NaN', { ...base, operationTimeoutMs: Number.NaN }],
  ])('refuses %s with ConfigError', (_, options) => {
    expect(() => createDbEngine(options)).toThrow(ConfigError);
  });

  it('without secret nor codec: migrates and clears, and every read or write is a ConfigError', async () => {
    const engine = createDbEngine({ filename: ':memory:' });
    try {
      await engine.migrate();
      expect(await engine.clearExpired()).toBe(0);
      const later = new Date(Date.now() + 60_000);
      await expect(engine.create('nosecret00000000', { data: {}, expiresAt: later })).rejects.toThrow(ConfigError);
      await expect(engine.update('nosecret00000000', { data: {}, expiresAt: later })).rejects.toThrow(ConfigError);
      const seeded = createDbEngine({ knex: engine.knex, secret: TEST_SECRET });
      await seeded.create('nosecret00000000', { data: { a: 1 }, expiresAt: later });
      await expect(engine.load('nosecret00000000')).rejects.toThrow(ConfigError);
      expect(await engine.exists('nosecret00000000')).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('refuses maxDataBytes beyond MySQL mediumtext, and the node-sqlite3 client', () => {
    const mysql = knex({ client: 'mysql2' });
    expect(() => createDbEngine({ knex: mysql, secret: TEST_SECRET, maxDataBytes: 16_777_216 })).toThrow(ConfigError);
    expect(createDbEngine({ knex: mysql, secret: TEST_SECRET, maxDataBytes: 16_777_215 }).name).toBe('db:mysql');
    expect(() =>
      createDbEngine({ knex: knex({ client: 'sqlite3', useNullAsDefault: true }), secret: TEST_SECRET }),
    ).toThrow(ConfigError);
  });

  it('declares its capabilities', () => {
    const engine = createDbEngine({ ...base, maxDataBytes: 2048 });
    expect(engine.capabilities).toMatchObject({
      minKeyLength: 8,
      maxKeyLength: 40,
      storage: 'stored',
      exists: true,
      revocable: true,
      clearExpired: 'supported',
      ttlResolutionMs: 1,
      usesInjectedClock: true,
      maxDataBytes: 2048,
    });
    expect(engine.capabilities.keyPattern.source).toBe('^[a-z0-9]+$');
    return engine.close();
  });
});
