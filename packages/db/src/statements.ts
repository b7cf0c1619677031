import type { Dialect } from './dialects/index.js';
import type { TableLayout } from './layout.js';

/** One SQL text, built once at construction. `name` lets a runner cache its prepared form. */
export interface Statement {
  readonly name: string;
  readonly sql: string;
}

/**
 * Every statement the engine runs, with `?` placeholders. Parameter order:
 * - load, exists:   [key, now]
 * - insert:         [key, data, expiry]
 * - update, reclaim:[data, expiry, key, now]
 * - delete:         [key]
 * - clearBatch:     [now, limit]
 */
export interface Statements {
  readonly load: Statement;
  readonly exists: Statement;
  readonly insert: Statement;
  /** Takes over a row whose session has expired (create over a dead key). */
  readonly reclaim: Statement;
  /** Overwrites a live row only: never resurrects. */
  readonly update: Statement;
  readonly delete: Statement;
  readonly clearBatch: Statement;
}

export function buildStatements(dialect: Dialect, layout: TableLayout): Statements {
  const q = (part: string): string => dialect.quoteIdentifier(part);
  const table = layout.schema === undefined ? q(layout.table) : `${q(layout.schema)}.${q(layout.table)}`;
  const key = q(layout.key);
  const data = q(layout.data);
  const expiry = q(layout.expiry);
  const statement = (name: string, sql: string): Statement => ({ name, sql });
  return {
    load: statement(
      'load',
      `SELECT ${data} AS data, ${dialect.selectExpiry(expiry)} AS expiry FROM ${table} WHERE ${key} = ? AND ${expiry} > ?`,
    ),
    exists: statement('exists', `SELECT 1 AS found FROM ${table} WHERE ${key} = ? AND ${expiry} > ?`),
    insert: statement('insert', `INSERT INTO ${table} (${key}, ${data}, ${expiry}) VALUES (?, ?, ?)`),
    reclaim: statement('reclaim', `UPDATE ${table} SET ${data} = ?, ${expiry} = ? WHERE ${key} = ? AND ${expiry} <= ?`),
    update: statement('update', `UPDATE ${table} SET ${data} = ?, ${expiry} = ? WHERE ${key} = ? AND ${expiry} > ?`),
    delete: statement('delete', `DELETE FROM ${table} WHERE ${key} = ?`),
    clearBatch: statement('clearBatch', dialect.clearBatchSql(table, key, expiry)),
  };
}
