import { dumps } from '@sessionkit/core';
import { hashKey } from '@sessionkit/core/engine';
import type { Inspector, RecordDamage } from '@sessionkit/conformance';
import type { DbEngine } from '@sessionkit/db';
import { TEST_SECRET } from './names';

/** Raw access to what a db engine persisted, by plain SQL next to the engine. */
export function dbInspector(options: {
  hashKeys?: boolean;
  breakStore: (engine: DbEngine) => Promise<void>;
}): Inspector<DbEngine> {
  const atRest = (key: string): string => ((options.hashKeys ?? true) ? hashKey(key) : key);
  return {
    async rawKeys(engine) {
      const { table, key } = sql(engine);
      const rows = await query(engine, `SELECT ${key} AS k FROM ${table}`, []);
      // Array.from: a plain array of this realm (driver arrays fail deepStrictEqual under jest).
      return Array.from(rows, (row) => String(row.k));
    },
    async rawExpiry(engine, key) {
      const { table, key: keyColumn, expiry } = sql(engine);
      const select = engine.dialect.selectExpiry(expiry);
      const rows = await query(engine, `SELECT ${select} AS e FROM ${table} WHERE ${keyColumn} = ?`, [atRest(key)]);
      return rows[0] === undefined ? null : engine.dialect.decodeExpiry(rows[0].e);
    },
    breakStore: options.breakStore,
    async corruptRecord(engine, key, damage) {
      const { table, key: keyColumn, data } = sql(engine);
      const rows = await query(engine, `SELECT ${data} AS d FROM ${table} WHERE ${keyColumn} = ?`, [atRest(key)]);
      const text = damaged(String(rows[0]?.d ?? ''), damage);
      await engine.knex.raw(`UPDATE ${table} SET ${data} = ? WHERE ${keyColumn} = ?`, [text, atRest(key)]);
    },
  };
}

/** Closes the embedded engine's own connection: every later call fails as on a dead store. */
export async function closeEmbeddedConnection(engine: DbEngine): Promise<void> {
  const db = (await engine.knex.client.acquireConnection()) as { close(): void };
  db.close();
}

function damaged(text: string, damage: RecordDamage): string {
  if (damage === 'undecodable') {
    // Signed with the right secret and salt, but not an object: passes the MAC, fails decoding.
    return dumps([1, 2, 3], { key: TEST_SECRET, salt: 'django.contrib.sessions.SessionStore', compress: true });
  }
  const cut = text.lastIndexOf(':') + 1;
  const flipped = text[cut] === 'A' ? 'B' : 'A';
  return `${text.slice(0, cut)}${flipped}${text.slice(cut + 1)}`;
}

function sql(engine: DbEngine): { table: string; key: string; data: string; expiry: string } {
  const q = (part: string): string => engine.dialect.quoteIdentifier(part);
  const { schema, table, key, data, expiry } = engine.layout;
  return {
    table: schema === undefined ? q(table) : `${q(schema)}.${q(table)}`,
    key: q(key),
    data: q(data),
    expiry: q(expiry),
  };
}

async function query(engine: DbEngine, text: string, params: string[]): Promise<Record<string, unknown>[]> {
  return engine.dialect.rows(await engine.knex.raw(text, params));
}
