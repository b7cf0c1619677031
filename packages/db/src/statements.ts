import type { Dialect } from './dialects/index.js';
import type { TableLayout } from './layout.js';

/** One SQL text, built once at construction. `name` lets a runner cache its prepared form. */
export interface Statement {
  readonly name: string;
  readonly sql: string;
}

/**
 * Every statement the engine runs, with `?` placeholders. Parameter order (`version` only on a
 * layout with a version column):
 * - load, exists, liveVersion: [key, now]
 * - insert:            [key, data, expiry, version?]
 * - update, reclaim:   [data, expiry, version?, key, now]
 * - updateIfVersion:   [data, expiry, version, key, now, expectedVersion]
 * - touch:             [expiry, key, now]
 * - delete:            [key]
 * - clearBatch:        [now, limit] (PostgreSQL: [now, limit, now]: Dialect.clearBatchParams)
 */
export interface Statements {
  /** Selects `data`, `expiry` and, with a version column, `version`. */
  readonly load: Statement;
  readonly exists: Statement;
  /** The live row's version (layouts with a version column; else the same as `exists`). */
  readonly liveVersion: Statement;
  readonly insert: Statement;
  /** Takes over a row whose session has expired (create over a dead key). */
  readonly reclaim: Statement;
  /** Overwrites a live row only: never resurrects. */
  readonly update: Statement;
  /** `update` only while the stored version equals the expected one, in the same statement. */
  readonly updateIfVersion: Statement;
  /** Moves a live row's expiry, leaving data and version as they are. */
  readonly touch: Statement;
  readonly delete: Statement;
  readonly clearBatch: Statement;
}

export function buildStatements(dialect: Dialect, layout: TableLayout): Statements {
  const q = (part: string): string => dialect.quoteIdentifier(part);
  const table = layout.schema === undefined ? q(layout.table) : `${q(layout.schema)}.${q(layout.table)}`;
  const key = q(layout.key);
  const data = q(layout.data);
  const expiry = q(layout.expiry);
  const version = layout.version === undefined ? undefined : q(layout.version);
  // The version column rides along on every write of a layout that has one.
  const withVersion = (sql: string): string => (version === undefined ? '' : sql);
  const live = `${key} = ? AND ${expiry} > ?`;
  const set = `${data} = ?, ${expiry} = ?${withVersion(`, ${version} = ?`)}`;
  const statement = (name: string, sql: string): Statement => ({ name, sql });
  return {
    load: statement(
      'load',
      `SELECT ${data} AS data, ${dialect.selectExpiry(expiry)} AS expiry${withVersion(`, ${version} AS version`)} FROM ${table} WHERE ${live}`,
    ),
    exists: statement('exists', `SELECT 1 AS found FROM ${table} WHERE ${live}`),
    liveVersion: statement(
      'liveVersion',
      `SELECT ${version === undefined ? '1 AS found' : `${version} AS version`} FROM ${table} WHERE ${live}`,
    ),
    insert: statement(
      'insert',
      `INSERT INTO ${table} (${key}, ${data}, ${expiry}${withVersion(`, ${version}`)}) VALUES (?, ?, ?${withVersion(', ?')})`,
    ),
    reclaim: statement('reclaim', `UPDATE ${table} SET ${set} WHERE ${key} = ? AND ${expiry} <= ?`),
    update: statement('update', `UPDATE ${table} SET ${set} WHERE ${live}`),
    // Django's layout never asks (no optimistic concurrency): the plain update stands in.
    updateIfVersion: statement(
      'updateIfVersion',
      `UPDATE ${table} SET ${set} WHERE ${live}${withVersion(` AND ${version} = ?`)}`,
    ),
    touch: statement('touch', `UPDATE ${table} SET ${expiry} = ? WHERE ${live}`),
    delete: statement('delete', `DELETE FROM ${table} WHERE ${key} = ?`),
    clearBatch: statement('clearBatch', dialect.clearBatchSql(table, key, expiry)),
  };
}
