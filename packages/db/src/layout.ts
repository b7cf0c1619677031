import { createHash } from 'node:crypto';
import { ConfigError } from '@sessionkit/core/engine';

/** The table an engine reads and writes, and how its columns are shaped. */
export interface TableLayout {
  /** Schema, when the table name was given as `schema.table`. */
  readonly schema: string | undefined;
  readonly table: string;
  readonly key: string;
  readonly data: string;
  readonly expiry: string;
  /**
   * Column of the version token (contract v2's optimistic concurrency), nullable; undefined on
   * Django's layout, whose table has no such column.
   */
  readonly version: string | undefined;
  /** Width of the key column: 64 holds a SHA-256 hex key; Django's is 40. */
  readonly keyLength: number;
  /** Django's `django_session` shape (per-dialect types as Django's migration makes them). */
  readonly django: boolean;
  /** Name of the index on the expiry column. */
  readonly expiryIndex: string;
}

export interface LayoutNames {
  tableName?: string;
  /** Column names. `version` is sessionkit's own layout only (Django's table has none). */
  columns?: { key?: string; data?: string; expiry?: string; version?: string };
}

export const NATIVE_NAMES = {
  table: 'sessionkit_sessions',
  key: 'session_key',
  data: 'session_data',
  expiry: 'expires_at',
  version: 'version',
};
export const DJANGO_NAMES = {
  table: 'django_session',
  key: 'session_key',
  data: 'session_data',
  expiry: 'expire_date',
};
/** The index Django's sessions migration 0001 creates (same on every backend). */
const DJANGO_EXPIRY_INDEX = 'django_session_expire_date_a5c62663';

// Names are spliced into SQL once, at construction: only plain identifiers are accepted.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function resolveLayout(names: LayoutNames, django: boolean): TableLayout {
  const defaults = django ? DJANGO_NAMES : NATIVE_NAMES;
  const [schema, table] = splitTableName(names.tableName ?? defaults.table);
  const key = identifier(names.columns?.key ?? defaults.key, 'columns.key');
  const data = identifier(names.columns?.data ?? defaults.data, 'columns.data');
  const expiry = identifier(names.columns?.expiry ?? defaults.expiry, 'columns.expiry');
  if (django && names.columns?.version !== undefined) {
    throw new ConfigError("columns.version is for sessionkit's own table; Django's has no version column");
  }
  const version = django ? undefined : identifier(names.columns?.version ?? NATIVE_NAMES.version, 'columns.version');
  const columns = version === undefined ? [key, data, expiry] : [key, data, expiry, version];
  if (new Set(columns).size !== columns.length) {
    throw new ConfigError('the key, data, expiry and version columns need distinct names');
  }
  const djangoDefaults = django && table === DJANGO_NAMES.table && expiry === DJANGO_NAMES.expiry;
  return {
    schema,
    table,
    key,
    data,
    expiry,
    version,
    keyLength: django ? 40 : 64,
    django,
    expiryIndex: djangoDefaults ? DJANGO_EXPIRY_INDEX : indexName(table, expiry),
  };
}

function splitTableName(name: string): [string | undefined, string] {
  const parts = name.split('.');
  if (parts.length === 1) return [undefined, identifier(name, 'tableName')];
  if (parts.length === 2) return [identifier(parts[0] ?? '', 'tableName'), identifier(parts[1] ?? '', 'tableName')];
  throw new ConfigError(`tableName ${JSON.stringify(name)} must be "table" or "schema.table"`);
}

function identifier(name: string, option: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new ConfigError(
      `${option} ${JSON.stringify(name)} must be a plain identifier (letters, digits, _; at most 63)`,
    );
  }
  return name;
}

/** `<table>_<column>_idx`, shortened with a hash when it would pass the 63-character limit. */
function indexName(table: string, column: string): string {
  const plain = `${table}_${column}_idx`;
  if (plain.length <= 63) return plain;
  const digest = createHash('sha256').update(`${table}.${column}`).digest('hex').slice(0, 10);
  return `${plain.slice(0, 48)}_${digest}_idx`;
}
