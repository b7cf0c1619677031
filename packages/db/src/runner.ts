import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import type { Dialect, Row, SqlParam } from './dialects/index.js';
import type { Statement } from './statements.js';

/** Runs the engine's prebuilt statements. No SQL is assembled per call. */
export interface SqlRunner {
  all(statement: Statement, params: readonly SqlParam[]): Promise<Row[]>;
  /** The first row of a SELECT, or undefined. */
  first(statement: Statement, params: readonly SqlParam[]): Promise<Row | undefined>;
  /** Resolves to the number of rows the write affected. */
  run(statement: Statement, params: readonly SqlParam[]): Promise<number>;
}

/** Through `knex.raw` and knex's pool: SQLite when the app brings knex, MySQL on the `mysql` driver, and admin statements. */
export class KnexRunner implements SqlRunner {
  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
  ) {}

  async all(statement: Statement, params: readonly SqlParam[]): Promise<Row[]> {
    return this.dialect.rows(await this.knex.raw(statement.sql, [...params]));
  }

  async first(statement: Statement, params: readonly SqlParam[]): Promise<Row | undefined> {
    return (await this.all(statement, params))[0];
  }

  async run(statement: Statement, params: readonly SqlParam[]): Promise<number> {
    return this.dialect.affected(await this.knex.raw(statement.sql, [...params]));
  }
}

/** The part of a pg `Client` the runner uses. */
interface PgClient {
  query(config: { name: string; text: string; values: SqlParam[] }): Promise<{ rows: Row[]; rowCount: number | null }>;
}

/**
 * PostgreSQL on a connection of knex's own pool, with named (server-side prepared) statements:
 * pg parses and plans each statement once per connection instead of on every call, and knex's
 * per-call query building is skipped. The pool, its validation (a connection that emitted
 * 'error' or 'end' is discarded) and the app's connection settings stay knex's.
 */
export class PgRunner implements SqlRunner {
  private readonly queries = new Map<Statement, { name: string; text: string }>();

  constructor(private readonly knex: Knex) {}

  async all(statement: Statement, params: readonly SqlParam[]): Promise<Row[]> {
    return (await this.query(statement, params)).rows;
  }

  async first(statement: Statement, params: readonly SqlParam[]): Promise<Row | undefined> {
    return (await this.query(statement, params)).rows[0];
  }

  async run(statement: Statement, params: readonly SqlParam[]): Promise<number> {
    return (await this.query(statement, params)).rowCount ?? 0;
  }

  private async query(
    statement: Statement,
    params: readonly SqlParam[],
  ): Promise<{ rows: Row[]; rowCount: number | null }> {
    const { name, text } = this.prepared(statement);
    const client = this.knex.client as {
      acquireConnection(): Promise<PgClient>;
      releaseConnection(c: PgClient): unknown;
    };
    const connection = await client.acquireConnection();
    try {
      return await connection.query({ name, text, values: params as SqlParam[] });
    } finally {
      client.releaseConnection(connection);
    }
  }

  private prepared(statement: Statement): { name: string; text: string } {
    let query = this.queries.get(statement);
    if (query === undefined) {
      let n = 0;
      // The engine's SQL holds no '?' other than placeholders (identifiers are plain, no literals).
      const text = statement.sql.replace(/\?/g, () => `$${++n}`);
      // pg names statements per connection, and a pool is shared by engines on other tables:
      // the name is derived from the text, so one name always means one text.
      const name = `sk_${statement.name}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
      query = { name, text };
      this.queries.set(statement, query);
    }
    return query;
  }
}

/** The part of a mysql2 (callback API) `Connection` the runner uses. */
interface MysqlConnection {
  execute(sql: string, values: SqlParam[], callback: (error: Error | null, result: unknown) => void): unknown;
}

/**
 * MySQL/MariaDB on a connection of knex's own pool, through mysql2's `execute`: a server-side
 * prepared statement that mysql2 keeps per connection, so the server parses each statement once
 * and knex's per-call placeholder formatting is skipped. Every parameter the engine binds is a
 * string (expiry is naive-UTC text), so the binary protocol's number types never come into it.
 */
export class MysqlRunner implements SqlRunner {
  constructor(private readonly knex: Knex) {}

  async all(statement: Statement, params: readonly SqlParam[]): Promise<Row[]> {
    const result = await this.execute(statement, params);
    return Array.isArray(result) ? (result as Row[]) : [];
  }

  async first(statement: Statement, params: readonly SqlParam[]): Promise<Row | undefined> {
    return (await this.all(statement, params))[0];
  }

  async run(statement: Statement, params: readonly SqlParam[]): Promise<number> {
    const result = await this.execute(statement, params);
    return Number((result as { affectedRows?: unknown } | null)?.affectedRows ?? 0);
  }

  private async execute(statement: Statement, params: readonly SqlParam[]): Promise<unknown> {
    const client = this.knex.client as {
      acquireConnection(): Promise<MysqlConnection>;
      releaseConnection(c: MysqlConnection): unknown;
    };
    const connection = await client.acquireConnection();
    try {
      return await new Promise<unknown>((resolve, reject) => {
        connection.execute(statement.sql, params as SqlParam[], (error, result) =>
          error ? reject(error) : resolve(result),
        );
      });
    } finally {
      client.releaseConnection(connection);
    }
  }
}

/**
 * Straight on better-sqlite3: each statement is prepared on first use and kept. Every call is
 * synchronous and bounded by the busy timeout.
 */
export class SqliteRunner implements SqlRunner {
  // Prepared lazily: the table may not exist until migrate() has run.
  private readonly prepared = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {}

  async all(statement: Statement, params: readonly SqlParam[]): Promise<Row[]> {
    return this.prepare(statement).all(...params) as Row[];
  }

  async first(statement: Statement, params: readonly SqlParam[]): Promise<Row | undefined> {
    return this.firstNow(statement, params);
  }

  async run(statement: Statement, params: readonly SqlParam[]): Promise<number> {
    return this.runNow(statement, params);
  }

  /** `first` without a promise: better-sqlite3 answers within the call. */
  firstNow(statement: Statement, params: readonly SqlParam[]): Row | undefined {
    return this.prepare(statement).get(...params) as Row | undefined;
  }

  /** `run` without a promise. */
  runNow(statement: Statement, params: readonly SqlParam[]): number {
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
