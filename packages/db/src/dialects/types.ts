import { MAX_VERSION_LENGTH } from '@sessionkit/core/engine';
import type { Knex } from 'knex';
import type { TableLayout } from '../layout.js';

/** A value bound to a `?` placeholder (null: a version column left empty). */
export type SqlParam = string | number | null;

/** One result row, as the driver hands it back. */
export type Row = Record<string, unknown>;

/** What differs between SQLite, PostgreSQL and MySQL/MariaDB; everything else is shared. */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres' | 'mysql';
  /** Quotes one identifier part (already checked against a safe pattern). */
  quoteIdentifier(part: string): string;
  /** SQL that reads the expiry column back in the form `decodeExpiry` understands. */
  selectExpiry(quotedColumn: string): string;
  /** The bound form of an instant: what the expiry column is compared with and written as. */
  encodeExpiry(instant: Date): SqlParam;
  /** `encodeExpiry` from epoch ms (the engine's hot path). */
  expiryParam(ms: number): SqlParam;
  /** The instant a stored expiry stands for, or null when it cannot be read. */
  decodeExpiry(value: unknown): Date | null;
  /** One bounded cleanup batch; parameters: `clearBatchParams`, else [now, limit]. */
  clearBatchSql(table: string, key: string, expiry: string): string;
  /** The cleanup batch's parameters, where they are not [now, limit]. */
  clearBatchParams?(now: SqlParam, limit: number): SqlParam[];
  /** Whether a driver error is a primary-key (unique) violation. */
  isUniqueViolation(error: unknown): boolean;
  /** The rows of a `knex.raw` SELECT. */
  rows(result: unknown): Row[];
  /** The affected-row count of a `knex.raw` write. */
  affected(result: unknown): number;
  /** A zero-row UPDATE may still have matched (MySQL without CLIENT_FOUND_ROWS counts changed rows). */
  readonly updateMayUnderreport: boolean;
  /** Largest text the data column of `layout` holds, in bytes. */
  dataCapacity(layout: TableLayout): number;
  /** Adds the key, data and expiry columns of `layout` to a table being created. */
  defineColumns(table: Knex.CreateTableBuilder, layout: TableLayout): void;
  /** Adds the nullable version column (`MAX_VERSION_LENGTH` characters, compared exactly). */
  defineVersionColumn(table: Knex.TableBuilder, name: string): void;
}

/** The version column on a dialect whose default comparison is already exact. */
export function plainVersionColumn(table: Knex.TableBuilder, name: string): void {
  table.string(name, MAX_VERSION_LENGTH).nullable();
}

/** A driver error's `code`, when it has one. */
export function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** `Date` → 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC: Django's naive-UTC spelling, sortable as text. */
export function naiveUtcText(instant: Date): string {
  const iso = instant.toISOString(); // 2026-11-28T13:03:54.235Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

/** `naiveUtcText` from epoch ms. */
export function naiveUtcTextOf(ms: number): string {
  return naiveUtcText(new Date(ms));
}

/** Rows from a driver result that is already an array of rows (or not a SELECT at all). */
export function arrayRows(result: unknown): Row[] {
  return Array.isArray(result) ? (result as Row[]) : [];
}
