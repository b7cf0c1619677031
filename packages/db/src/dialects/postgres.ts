import { type Dialect, errorCode, plainVersionColumn } from './types.js';

// PostgreSQL's largest field value (1 GB).
const PG_MAX_TEXT = 1_073_741_823;

/** PostgreSQL: the expiry is `timestamptz`, bound as an ISO instant with `Z`. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  quoteIdentifier: (part) => `"${part}"`,
  selectExpiry: (column) => column,
  encodeExpiry: (instant) => instant.toISOString(),
  expiryParam: (ms) => new Date(ms).toISOString(),
  decodeExpiry(value) {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
    // A custom type parser may hand back text such as '2026-11-28 13:03:54.235+00'.
    if (typeof value !== 'string') return null;
    const iso = value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? null : new Date(ms);
  },
  // The outer condition again: a row made live while the DELETE waited for its lock (a create
  // taking over the dead key, Django saving) is re-checked on it, not only on the key.
  clearBatchSql: (table, key, expiry) =>
    `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${expiry} <= ? LIMIT ?) AND ${expiry} <= ?`,
  clearBatchParams: (now, limit) => [now, limit, now],
  isUniqueViolation: (error) => errorCode(error) === '23505',
  rows: (result) => (result as { rows?: Record<string, unknown>[] } | null)?.rows ?? [],
  affected: (result) => Number((result as { rowCount?: unknown } | null)?.rowCount ?? 0),
  updateMayUnderreport: false,
  dataCapacity: () => PG_MAX_TEXT,
  defineColumns(table, layout) {
    table.string(layout.key, layout.keyLength).notNullable().primary();
    table.text(layout.data).notNullable();
    table.timestamp(layout.expiry, { useTz: true, precision: 6 }).notNullable();
  },
  defineVersionColumn: plainVersionColumn,
};
