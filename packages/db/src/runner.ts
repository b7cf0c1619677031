import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import type { Dialect, Row, SqlParam } from './dialects/index.js';
import type { Statement } from './statements.js';

/** Runs the engine's prebuilt statements. No SQL is assembled per call. */
export interface SqlRunner {
  all(statement: Statement, params: readonly SqlParam[]): Promise<Row[]>;
  /** Resolves to the number of rows the write affected. */
  run(statement: Statement, params: readonly SqlParam[]): Promise<number>;
}

/** Through `knex.raw` and knex's pool: PostgreSQL, MySQL, and SQLite when the app brings knex. */
export class KnexRunner implements SqlRunner {
  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
  ) {}

  async all(statement: Statement, params: readonly SqlParam[]): Promise<Row[]> {
    return this.dialect.rows(await this.knex.raw(statement.sql, [...params]));
  }

  async run(statement: Statement, params: readonly SqlParam[]): Promise<number> {
    return this.dialect.affected(await this.knex.raw(statement.sql, [...params]));
  }
}

/** Straight on better-sqlite3: each statement is prepared on first use and kept. */
export class SqliteRunner implements SqlRunner {
  // Prepared lazily: the table may not exist until migrate() has run.
  private readonly prepared = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {}

  async all(statement: Statement, params: readonly SqlParam[]): Promise<Row[]> {
    return this.prepare(statement).all(...params) as Row[];
  }

  async run(statement: Statement, params: readonly SqlParam[]): Promise<number> {
    return this.prepare(statement).run(...params).changes;
  }

  private prepare(statement: Statement): BetterSqlite3.Statement {
    let prepared = this.prepared.get(statement.name);
    if (prepared === undefined) {
      prepared = this.db.prepare(statement.sql);
      this.prepared.set(statement.name, prepared);
    }
    return prepared;
  }
}
