/**
 * Which driver errors mean "the store answered but is set up wrong": no retry will fix them,
 * so they become EngineMisconfiguredError (500) with the fix, never a 503. Keyed on the
 * drivers' stable codes (better-sqlite3, pg, mysql2) and on the error code that opens a Redis
 * error reply (ioredis); messages are read only where SQLite gives no finer code. Duck-typed:
 * driver errors may come from another realm.
 */

const MIGRATE = "the session table or one of its columns is missing: run `sessionkit migrate` (or Django's migrate)";
const PERMISSION = 'the database user lacks a privilege on the session table: grant SELECT, INSERT, UPDATE, DELETE';
const READ_ONLY = 'the database is read-only: point the engine at a writable primary or file';
const AUTH = 'the database refused the credentials: check the user and password in the connection settings';
const NO_DATABASE = 'the database or schema does not exist: create it or fix the connection settings';

/** PostgreSQL SQLSTATE codes. */
const POSTGRES: Readonly<Record<string, string>> = {
  '42P01': MIGRATE, // undefined_table
  '42703': MIGRATE, // undefined_column
  '3F000': NO_DATABASE, // invalid_schema_name
  '3D000': NO_DATABASE, // invalid_catalog_name
  '42501': PERMISSION, // insufficient_privilege
  '28P01': AUTH, // invalid_password
  '28000': AUTH, // invalid_authorization_specification: an unknown role, a pg_hba.conf rejection
  '25006': READ_ONLY, // read_only_sql_transaction
};

/** MySQL/MariaDB error numbers. */
const MYSQL: Readonly<Record<number, string>> = {
  1146: MIGRATE, // ER_NO_SUCH_TABLE
  1054: MIGRATE, // ER_BAD_FIELD_ERROR
  1049: NO_DATABASE, // ER_BAD_DB_ERROR
  1142: PERMISSION, // ER_TABLEACCESS_DENIED_ERROR
  1143: PERMISSION, // ER_COLUMNACCESS_DENIED_ERROR
  1044: PERMISSION, // ER_DBACCESS_DENIED_ERROR
  1045: AUTH, // ER_ACCESS_DENIED_ERROR
  1698: AUTH, // ER_ACCESS_DENIED_NO_PASSWORD_ERROR: an unknown user, or one that needs a password
  1290: READ_ONLY, // ER_OPTION_PREVENTS_STATEMENT (--read-only)
  1792: READ_ONLY, // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
  1836: READ_ONLY, // ER_READ_ONLY_MODE
};

const REDIS_AUTH =
  'Redis refused the credentials: check the username and password in the connection settings (the URL or the client options)';
const REDIS_ACL =
  "the Redis user lacks a permission: allow it GET, SET, DEL, EXISTS, PEXPIRE, EVALSHA and EVAL on the keys under the engine's prefix (and INFO for the client's ready check)";

/**
 * Redis error replies by their code, the reply's first word (ioredis's ReplyError). A replica's
 * READONLY is left out: during a failover it is a moment's state, and the client reconnects.
 */
const REDIS: Readonly<Record<string, string>> = {
  WRONGPASS: REDIS_AUTH, // Redis 6+: a wrong username or password
  NOAUTH: REDIS_AUTH, // the server requires a password and none was given
  NOPERM: REDIS_ACL, // an ACL user denied a command or a key
};

/** The fix for a misconfiguration, or null for a failure a retry may cure (an outage, a deadlock). */
export function misconfigurationFix(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, errno, message, name } = error as {
    code?: unknown;
    errno?: unknown;
    message?: unknown;
    name?: unknown;
  };
  if (name === 'ReplyError' && typeof message === 'string') return redisFix(message);
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_')) return sqliteFix(code, typeof message === 'string' ? message : '');
    const postgres = POSTGRES[code];
    if (postgres !== undefined) return postgres;
  }
  if (typeof errno === 'number' && typeof code === 'string' && code.startsWith('ER_')) return MYSQL[errno] ?? null;
  return null;
}

function redisFix(message: string): string | null {
  const space = message.indexOf(' ');
  return REDIS[space < 0 ? message : message.slice(0, space)] ?? null;
}

function sqliteFix(code: string, message: string): string | null {
  if (code.startsWith('SQLITE_READONLY')) return READ_ONLY;
  if (code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return PERMISSION;
  if (code.startsWith('SQLITE_CANTOPEN')) return 'the SQLite file cannot be opened: check the path and its permissions';
  if (code === 'SQLITE_ERROR' && /\bno such (table|column)\b|\bhas no column named\b/.test(message)) return MIGRATE;
  return null;
}
