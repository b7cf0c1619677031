import { parseIsoInstant } from '@sessionkit/core';
import { arrayRows, type Dialect, errorCode, naiveUtcText } from './types.js';

// SQLITE_MAX_LENGTH as compiled into better-sqlite3: the longest TEXT value.
const SQLITE_MAX_TEXT = 1_000_000_000;

/**
 * SQLite through better-sqlite3. The expiry is naive-UTC text ('YYYY-MM-DD HH:MM:SS.ffffff'),
 * Django's own spelling on SQLite: it sorts as text in time order, so `expiry > ?` works.
 */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  quoteIdentifier: (part) => `"${part}"`,
  selectExpiry: (column) => column,
  encodeExpiry: naiveUtcText,
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
    // Django's migration declares `datetime`; the values are text either way.
    table.specificType(layout.expiry, 'datetime').notNullable();
  },
};
