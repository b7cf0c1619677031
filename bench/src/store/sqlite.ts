import Database from 'better-sqlite3';
import { plainJsonCodec, type SessionData } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import session from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import betterSqlite3SessionStore from 'better-sqlite3-session-store';
import { knex, type Knex } from 'knex';
import { SECRET, TWO_WEEKS_MS } from '../payload.js';
import { scratch } from '../workdir.js';
import { type ExpressSessionStoreLike, expressStore, engineStore, FILLER_JSON, type SessionStore } from './contract.js';

/** `rows` filler rows with random 64-hex keys, in one statement (one transaction). */
function insertFiller(
  db: Database.Database,
  table: string,
  columns: [string, string, string],
  rows: number,
  expiry: string | number,
): void {
  const [key, data, expires] = columns;
  db.prepare(
    `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) INSERT INTO ${table} (${key}, ${data}, ${expires}) SELECT lower(hex(randomblob(32))), ?, ? FROM c`,
  ).run(rows, FILLER_JSON, expiry);
  db.exec(`ANALYZE ${table}`);
}

const fillerExpiry = (expired: boolean): number => (expired ? Date.now() - 86_400_000 : Date.now() + TWO_WEEKS_MS);

/** Filler for the engine's own table, through a second connection to its file. */
function engineFiller(file: string): (rows: number, expired: boolean) => Promise<void> {
  return async (rows, expired) => {
    const db = openSqlite(file);
    try {
      insertFiller(
        db,
        'sessionkit_sessions',
        ['session_key', 'session_data', 'expires_at'],
        rows,
        // The engine's own SQLite layout keeps expiry as epoch-ms integers.
        fillerExpiry(expired),
      );
    } finally {
      db.close();
    }
  };
}

/** The pragmas the baseline used, given to every connection we open ourselves (raw and peers). */
export const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL'];
export const PRAGMA_NOTE = 'WAL, synchronous=NORMAL';

export function openSqlite(file: string): Database.Database {
  const db = new Database(file);
  for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
  return db;
}

/** knex over better-sqlite3 with the same pragmas on its connection. */
export function sqliteKnex(file: string): Knex {
  return knex({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: Database.Database, done: (error: Error | null, conn: Database.Database) => void) {
        for (const pragma of SQLITE_PRAGMAS) conn.pragma(pragma);
        done(null, conn);
      },
    },
  });
}

/** The limit: better-sqlite3 prepared statements storing the same JSON, expiry as integer ms. */
export function rawSqlite(file = scratch('raw.db')): SessionStore {
  let db: Database.Database | undefined;
  let load: Database.Statement | undefined;
  let update: Database.Statement | undefined;
  let insert: Database.Statement | undefined;
  return {
    name: 'raw better-sqlite3 (prepared)',
    group: 'limit',
    note: `${PRAGMA_NOTE}; SELECT/UPDATE by key, expiry index`,
    async open() {
      db = openSqlite(file);
      db.exec(
        'CREATE TABLE bench_raw (key TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER NOT NULL); CREATE INDEX bench_raw_exp ON bench_raw (expires_at)',
      );
      load = db.prepare('SELECT data FROM bench_raw WHERE key = ? AND expires_at > ?').pluck();
      update = db.prepare('UPDATE bench_raw SET data = ?, expires_at = ? WHERE key = ?');
      insert = db.prepare('INSERT INTO bench_raw (key, data, expires_at) VALUES (?, ?, ?)');
    },
    create(key, data) {
      insert?.run(key, JSON.stringify(data), Date.now() + TWO_WEEKS_MS);
    },
    load(key) {
      const text = load?.get(key, Date.now()) as string | undefined;
      return text === undefined ? null : (JSON.parse(text) as SessionData);
    },
    save(key, data) {
      const now = Date.now();
      update?.run(JSON.stringify(data), now + TWO_WEEKS_MS, key);
    },
    async close() {
      db?.close();
    },
    async seedFiller(rows, expired) {
      if (db !== undefined) insertFiller(db, 'bench_raw', ['key', 'data', 'expires_at'], rows, fillerExpiry(expired));
    },
  };
}

/** A reference row: the same two statements built with knex's query builder on each call. */
export function knexBuilderSqlite(file = scratch('knex.db')): SessionStore {
  let db: Knex | undefined;
  const q = (): Knex => db as Knex;
  return {
    name: 'knex query builder (same driver)',
    group: 'peer',
    note: `reference, not a session library: knex 3 builder over better-sqlite3, ${PRAGMA_NOTE}`,
    async open() {
      db = sqliteKnex(file);
      await db.raw('CREATE TABLE bench_knex (key TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER NOT NULL)');
      await db.raw('CREATE INDEX bench_knex_exp ON bench_knex (expires_at)');
    },
    async create(key, data) {
      await q()('bench_knex').insert({ key, data: JSON.stringify(data), expires_at: Date.now() + TWO_WEEKS_MS });
    },
    async load(key) {
      const row = await q()('bench_knex')
        .select('data')
        .where('key', key)
        .andWhere('expires_at', '>', Date.now())
        .first();
      return row === undefined ? null : (JSON.parse(row.data) as SessionData);
    },
    async save(key, data) {
      await q()('bench_knex')
        .where('key', key)
        .update({ data: JSON.stringify(data), expires_at: Date.now() + TWO_WEEKS_MS });
    },
    async close() {
      await db?.destroy();
    },
  };
}

/** Ours with its published defaults: a SQLite file opened by the engine, hashed keys, the signed codec. */
export function oursSqliteDefaults(file = scratch('ours-defaults.db')): SessionStore {
  return engineStore(
    'ours: db engine, defaults',
    'ours',
    '{ filename, secret }: hashed keys, Django-signed codec (zlib); WAL set by the engine, synchronous=NORMAL by better-sqlite3 default',
    () => createDbEngine({ filename: file, secret: SECRET }),
    { seedFiller: engineFiller(file) },
  );
}

/** Ours with the defaults in optimistic mode: version tokens and conditional updates. */
export function oursSqliteOptimistic(file = scratch('ours-optimistic.db')): SessionStore {
  return engineStore(
    'ours: db engine, defaults, optimistic',
    'ours',
    "{ filename, secret }, as the defaults row, driven as concurrency: 'optimistic' drives it: a fresh version token per write, update conditioned on the loaded version",
    () => createDbEngine({ filename: file, secret: SECRET }),
    { seedFiller: engineFiller(file), optimistic: true },
  );
}

/** Ours with no hashing and no signing. */
export function oursSqlitePlain(file = scratch('ours-plain.db')): SessionStore {
  return engineStore(
    'ours: db engine, plain',
    'ours',
    '{ filename, codec: plainJsonCodec, hashKeys: false }',
    () => createDbEngine({ filename: file, codec: plainJsonCodec, hashKeys: false }),
    { seedFiller: engineFiller(file) },
  );
}

export function betterSqlite3SessionStorePeer(file = scratch('bs3-store.db')): SessionStore {
  let db: Database.Database | undefined;
  const SqliteStore = betterSqlite3SessionStore(session);
  return expressStore(
    'better-sqlite3-session-store 0.1.0',
    `express-session store; client opened by us with ${PRAGMA_NOTE}`,
    async () => {
      db = openSqlite(file);
      return new SqliteStore({ client: db, expired: { clear: false } }) as ExpressSessionStoreLike;
    },
    async () => {
      db?.close();
    },
  );
}

export function connectSessionKnexSqlitePeer(file = scratch('csk.db')): SessionStore {
  let db: Knex | undefined;
  return expressStore(
    'connect-session-knex 5.0.0',
    `express-session store on knex (better-sqlite3, ${PRAGMA_NOTE})`,
    async () => {
      db = sqliteKnex(file);
      const store = new ConnectSessionKnexStore({ knex: db, tableName: 'bench_csk', cleanupInterval: 0 });
      await store.ready;
      return store as unknown as ExpressSessionStoreLike;
    },
    async () => {
      await db?.destroy();
    },
  );
}
