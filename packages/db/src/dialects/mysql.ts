import { MAX_VERSION_LENGTH, parseIsoInstant } from '@sessionkit/core/engine';
import { type Dialect, errorCode, naiveUtcText, naiveUtcTextOf } from './types.js';

const MEDIUMTEXT_BYTES = 16_777_215;
const LONGTEXT_BYTES = 4_294_967_295;

/**
 * MySQL/MariaDB. The expiry is `datetime(6)` holding naive UTC (as Django stores it), bound
 * and read back as text so that neither the driver's nor the session's time zone applies.
 */
export const mysqlDialect: Dialect = {
  name: 'mysql',
  quoteIdentifier: (part) => `\`${part}\``,
  selectExpiry: (column) => `DATE_FORMAT(${column}, '%Y-%m-%d %H:%i:%s.%f')`,
  encodeExpiry: naiveUtcText,
  expiryParam: naiveUtcTextOf,
  decodeExpiry(value) {
    const text = Buffer.isBuffer(value) ? value.toString('latin1') : value;
    return typeof text === 'string' ? parseIsoInstant(text) : null;
  },
  // A LIMIT inside an IN subquery is refused by MySQL; single-table DELETE takes LIMIT itself.
  clearBatchSql: (table, _key, expiry) => `DELETE FROM ${table} WHERE ${expiry} <= ? ORDER BY ${expiry} LIMIT ?`,
  isUniqueViolation(error) {
    const errno = typeof error === 'object' && error !== null ? (error as { errno?: unknown }).errno : undefined;
    return errorCode(error) === 'ER_DUP_ENTRY' || errno === 1062;
  },
  // knex.raw on MySQL resolves to [rows | ResultSetHeader, fields].
  rows(result) {
    const first: unknown = Array.isArray(result) ? result[0] : undefined;
    return Array.isArray(first) ? (first as Record<string, unknown>[]) : [];
  },
  affected(result) {
    const first: unknown = Array.isArray(result) ? result[0] : undefined;
    return Number((first as { affectedRows?: unknown } | undefined)?.affectedRows ?? 0);
  },
  updateMayUnderreport: true,
  dataCapacity: (layout) => (layout.django ? LONGTEXT_BYTES : MEDIUMTEXT_BYTES),
  defineColumns(table, layout) {
    table.charset('utf8mb4');
    table.engine('InnoDB');
    // Binary collation: 'ABC…' and 'abc…' are different keys.
    table.string(layout.key, layout.keyLength).collate('utf8mb4_bin').notNullable().primary();
    // Django's TextField is longtext on MySQL; mediumtext (16 MiB) is plenty for ours.
    table.text(layout.data, layout.django ? 'longtext' : 'mediumtext').notNullable();
    table.datetime(layout.expiry, { precision: 6 }).notNullable();
  },
  // Binary collation: tokens compare byte for byte, never case-insensitively.
  defineVersionColumn: (table, name) => {
    table.string(name, MAX_VERSION_LENGTH).collate('utf8mb4_bin').nullable();
  },
};
