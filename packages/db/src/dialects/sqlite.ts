import { parseIsoInstant } from '@sessionkit/core/engine';
import { arrayRows, type Dialect, errorCode, naiveUtcText, naiveUtcTextOf, plainVersionColumn } from './types.js';

// SQLITE_MAX_LENGTH as compiled into better-sqlite3: the longest TEXT value.
const SQLITE_MAX_TEXT = 1_000_000_000;

/**
 * SQLite through better-sqlite3, as Django's table holds it: the expiry is naive-UTC text
 * ('YYYY-MM-DD HH:MM:SS.ffffff'), Django's own spelling on SQLite. It sorts as text in time
 * order, so `expiry > ?` works. sessionkit's own layout uses `sqliteEpochDialect` instead.
 */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  quoteIdentifier: (part) => `"${part}"`,
  selectExpiry: (column) => column,
  encodeExpiry: naiveUtcText,
  expiryParam: naiveUtcTextOf,
  decodeExpiry: (value) => (typeof value === 'string' ? parseIsoInstant(value) : null),
  clearBatchSql: (table, key, expiry) =>
    `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${expiry} <= ? LIMIT ?)`,
  isUniqueViolation(error) {
    const code = errorCode(error);
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  },
  rows: arrayRows,
  affected: (result) => Number((result as { changes?: unknown } | null)?.changes ?? 0),
  updateMayUnderreport: false,
  dataCapacity: () => SQLITE_MAX_TEXT,
  defineColumns(table, layout) {
    table.string(layout.key, layout.keyLength).notNullable().primary();
    table.text(layout.data).notNullable();
    // Django's migration declares `datetime`. Its NUMERIC affinity keeps Django's text as text
    // and sessionkit's epoch-ms integers as integers.
    table.specificType(layout.expiry, 'datetime').notNullable();
  },
  defineVersionColumn: plainVersionColumn,
};

/**
 * SQLite for sessionkit's own layout: the expiry is an integer, epoch milliseconds (UTC).
 * Nothing is formatted or parsed per call, comparisons are integer comparisons, and it is
 * exact: instants are whole milliseconds (up to year 9999, well inside 2^53).
 */
export const sqliteEpochDialect: Dialect = {
  ...sqliteDialect,
  encodeExpiry: (instant) => instant.getTime(),
  expiryParam: (ms) => ms,
  decodeExpiry: (value) => (typeof value === 'number' && Number.isFinite(value) ? new Date(value) : null),
};
