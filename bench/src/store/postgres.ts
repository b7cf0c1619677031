import { plainJsonCodec, type SessionData } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import connectPgSimple from 'connect-pg-simple';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import session from 'express-session';
import { knex, type Knex } from 'knex';
import pg from 'pg';
import { SECRET, TWO_WEEKS_MS } from '../payload.js';
import { type ExpressSessionStoreLike, engineStore, expressStore, FILLER_JSON, type SessionStore } from './contract.js';

/** `rows` filler rows with random-looking 64-hex keys in one INSERT … SELECT generate_series, then ANALYZE. */
export async function pgFiller(
  table: string,
  columns: [string, string, string],
  rows: number,
  expiry: string | number,
): Promise<void> {
  const [key, data, expires] = columns;
  const client = pgClient();
  await client.connect();
  try {
    await client.query(
      `INSERT INTO ${table} (${key}, ${data}, ${expires}) SELECT encode(sha256((g::text || ':' || random()::text)::bytea), 'hex'), $1, $2 FROM generate_series(1, $3::int) AS g`,
      [FILLER_JSON, expiry, rows],
    );
    await client.query(`ANALYZE ${table}`);
  } finally {
    await client.end();
  }
}

const fillerExpiry = (expired: boolean): number => (expired ? Date.now() - 86_400_000 : Date.now() + TWO_WEEKS_MS);

export const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Every connection any contender opens starts with `synchronous_commit = off` (a per-session
 * setting passed in the startup packet; the server's configuration is untouched). With it on,
 * each write waits for a WAL fsync (~5 ms on this VM's disk) and every contender measures the
 * disk, not its code.
 */
const CONNECTION = { connectionString: PG_URL, options: '-c synchronous_commit=off' };
export const PG_NOTE = 'synchronous_commit=off per connection';
const POOL_MAX = 2;

/** A pg Pool whose connections carry the bench's session settings. */
export function pgPool(): pg.Pool {
  return new pg.Pool({ ...CONNECTION, max: POOL_MAX });
}

/** knex on pg with the same pool size and settings. */
export function pgKnex(): Knex {
  return knex({ client: 'pg', connection: CONNECTION, pool: { min: 1, max: POOL_MAX } });
}

/** A single client with the same settings, for setup and checks. */
export function pgClient(): pg.Client {
  return new pg.Client(CONNECTION);
}

/** Drops the bench's own tables; nothing else is touched. */
export async function dropPgTables(tables: string[]): Promise<void> {
  const client = pgClient();
  await client.connect();
  try {
    for (const table of tables) await client.query(`DROP TABLE IF EXISTS "${table}"`);
  } finally {
    await client.end();
  }
}

/** The limit: `pg` with named (server-side prepared) statements, the same JSON as text, expiry as bigint ms. */
export function rawPg(table = 'bench_pg_raw'): SessionStore {
  let pool: pg.Pool | undefined;
  const p = (): pg.Pool => pool as pg.Pool;
  const load = { name: `${table}_load`, text: `SELECT data FROM ${table} WHERE key = $1 AND expires_at > $2` };
  const update = { name: `${table}_update`, text: `UPDATE ${table} SET data = $1, expires_at = $2 WHERE key = $3` };
  return {
    name: 'raw pg (prepared)',
    group: 'limit',
    note: `pg ${pgVersion()} Pool(max ${POOL_MAX}), named statements; ${PG_NOTE}`,
    async open() {
      await dropPgTables([table]);
      pool = pgPool();
      await p().query(`CREATE TABLE ${table} (key text PRIMARY KEY, data text NOT NULL, expires_at bigint NOT NULL)`);
      await p().query(`CREATE INDEX ${table}_exp ON ${table} (expires_at)`);
    },
    async create(key, data) {
      await p().query(`INSERT INTO ${table} (key, data, expires_at) VALUES ($1, $2, $3)`, [
        key,
        JSON.stringify(data),
        Date.now() + TWO_WEEKS_MS,
      ]);
    },
    load: (key) =>
      p()
        .query({ ...load, values: [key, Date.now()] })
        .then((result) => {
          const row = result.rows[0] as { data: string } | undefined;
          return row === undefined ? null : (JSON.parse(row.data) as SessionData);
        }),
    save: (key, data) => p().query({ ...update, values: [JSON.stringify(data), Date.now() + TWO_WEEKS_MS, key] }),
    async close() {
      await pool?.end();
      await dropPgTables([table]);
    },
    seedFiller: (rows, expired) => pgFiller(table, ['key', 'data', 'expires_at'], rows, fillerExpiry(expired)),
  };
}

function pgVersion(): string {
  try {
    return (require('pg/package.json') as { version: string }).version;
  } catch {
    return '';
  }
}

function oursPg(name: string, note: string, table: string, plain: boolean, optimistic = false): SessionStore {
  let db: Knex | undefined;
  return engineStore(
    name,
    'ours',
    note,
    async () => {
      await dropPgTables([table]);
      db = pgKnex();
      return plain
        ? createDbEngine({ knex: db, tableName: table, codec: plainJsonCodec, hashKeys: false })
        : createDbEngine({ knex: db, tableName: table, secret: SECRET });
    },
    {
      cleanup: async () => {
        await db?.destroy();
        await dropPgTables([table]);
      },
      seedFiller: (rows, expired) =>
        pgFiller(
          table,
          ['session_key', 'session_data', 'expires_at'],
          rows,
          new Date(fillerExpiry(expired)).toISOString(),
        ),
      optimistic,
    },
  );
}

export const oursPgDefaults = (table = 'bench_pg_ours_defaults'): SessionStore =>
  oursPg(
    'ours: db engine, defaults',
    `{ knex, secret }: hashed keys, Django-signed codec (zlib); ${PG_NOTE}`,
    table,
    false,
  );

/** The defaults in optimistic mode: a fresh version token per write, update conditioned on the loaded one. */
export const oursPgOptimistic = (table = 'bench_pg_ours_optimistic'): SessionStore =>
  oursPg(
    'ours: db engine, defaults, optimistic',
    `{ knex, secret }, driven as concurrency: 'optimistic' drives it; ${PG_NOTE}`,
    table,
    false,
    true,
  );

export const oursPgPlain = (table = 'bench_pg_ours_plain'): SessionStore =>
  oursPg('ours: db engine, plain', `{ knex, codec: plainJsonCodec, hashKeys: false }; ${PG_NOTE}`, table, true);

export function connectPgSimplePeer(table = 'bench_pg_cps'): SessionStore {
  let pool: pg.Pool | undefined;
  const PGStore = connectPgSimple(session);
  return expressStore(
    'connect-pg-simple 10.0.0',
    `express-session store on pg Pool(max ${POOL_MAX}); ${PG_NOTE}`,
    async () => {
      await dropPgTables([table]);
      pool = pgPool();
      const store = new PGStore({ pool, tableName: table, createTableIfMissing: true, pruneSessionInterval: false });
      return store as ExpressSessionStoreLike;
    },
    async () => {
      await pool?.end();
      await dropPgTables([table]);
    },
  );
}

export function connectSessionKnexPgPeer(table = 'bench_pg_csk'): SessionStore {
  let db: Knex | undefined;
  return expressStore(
    'connect-session-knex 5.0.0',
    `express-session store on knex (pg); ${PG_NOTE}`,
    async () => {
      await dropPgTables([table]);
      db = pgKnex();
      const store = new ConnectSessionKnexStore({ knex: db, tableName: table, cleanupInterval: 0 });
      await store.ready;
      return store as unknown as ExpressSessionStoreLike;
    },
    async () => {
      await db?.destroy();
      await dropPgTables([table]);
    },
  );
}
