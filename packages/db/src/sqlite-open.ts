import type BetterSqlite3 from 'better-sqlite3';
import type { FullLogger } from '@sessionkit/core/engine';
// Default import: knex is CommonJS, and Node's ESM loader finds no named exports in it.
import createKnex, { type Knex } from 'knex';

/** What the engine opened itself for an embedded SQLite file, and must close. */
export interface EmbeddedSqlite {
  readonly db: BetterSqlite3.Database;
  /** knex over the same connection: schema work and cleanup (countable through 'query' events). */
  readonly knex: Knex;
}

/**
 * Opens `filename` (':memory:' allowed) with better-sqlite3: WAL, and a busy timeout so a
 * writer waits for the lock instead of failing with SQLITE_BUSY. knex shares the one
 * connection (an in-memory database exists only on it), and knex loads the driver, so
 * better-sqlite3 stays an optional peer that is required only here.
 */
export function openEmbeddedSqlite(filename: string, busyTimeoutMs: number, logger: FullLogger): EmbeddedSqlite {
  const pool = new SingleConnectionPool();
  const knex = createKnex({
    client: 'better-sqlite3',
    useNullAsDefault: true,
    // Keep bound values (keys, data) out of error messages.
    compileSqlOnError: false,
    connectionPool: pool,
    // knex logs to the console by default; the engine's logger (silent by default) gets it instead.
    log: {
      warn: logger.warn,
      error: logger.error,
      debug: logger.debug,
      deprecate: (method, alternative) => logger.warn(`knex: ${method} is deprecated, use ${alternative}`),
    },
  });
  const Database = (knex.client as { driver: typeof BetterSqlite3 }).driver;
  const db = new Database(filename, { timeout: busyTimeoutMs });
  try {
    if (filename !== ':memory:' && filename !== '') db.pragma('journal_mode = WAL');
  } catch (error) {
    db.close();
    throw error;
  }
  pool.connection = db;
  return { db, knex };
}

/**
 * A tarn-shaped pool over one connection. better-sqlite3 is synchronous, so statements
 * from knex and from the engine never interleave inside one call.
 */
class SingleConnectionPool {
  connection: BetterSqlite3.Database | undefined;

  acquire(): { promise: Promise<BetterSqlite3.Database> } {
    const { connection } = this;
    return {
      promise: connection?.open
        ? Promise.resolve(connection)
        : Promise.reject(new Error('The SQLite connection is closed')),
    };
  }

  release(): boolean {
    return true;
  }

  async destroy(): Promise<void> {}

  numFree(): number {
    return this.connection?.open ? 1 : 0;
  }

  numUsed(): number {
    return 0;
  }

  numPendingAcquires(): number {
    return 0;
  }
}
