import { ConfigError } from '@sessionkit/core/engine';
import type { Knex } from 'knex';
import { mysqlDialect } from './mysql.js';
import { postgresDialect } from './postgres.js';
import { sqliteDialect, sqliteEpochDialect } from './sqlite.js';
import type { Dialect } from './types.js';

export { mysqlDialect, postgresDialect, sqliteDialect, sqliteEpochDialect };
export type { Dialect, Row, SqlParam } from './types.js';

/** The dialect of a knex instance; ConfigError for a client the engine does not support. */
export function dialectOf(knex: Knex): Dialect {
  const client = knex.client as { dialect?: unknown; driverName?: unknown };
  switch (client.dialect) {
    case 'postgresql':
      return postgresDialect;
    case 'mysql':
      return mysqlDialect;
    case 'sqlite3':
      // node-sqlite3 reports no affected-row count for raw statements; better-sqlite3 does.
      if (client.driverName === 'better-sqlite3') return sqliteDialect;
      throw new ConfigError("the db engine needs knex's 'better-sqlite3' client for SQLite (not 'sqlite3')");
    default:
      throw new ConfigError(
        `the db engine supports SQLite, PostgreSQL and MySQL/MariaDB, not ${String(client.dialect)}`,
      );
  }
}

/**
 * The dialect the engine binds and reads values with for a table layout: on SQLite, Django's
 * table keeps Django's naive-UTC text; sessionkit's own stores epoch-ms integers.
 */
export function dialectForLayout(dialect: Dialect, django: boolean): Dialect {
  return dialect === sqliteDialect && !django ? sqliteEpochDialect : dialect;
}
