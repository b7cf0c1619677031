import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  assertJsonValue,
  engineFailure,
  isJsonValue,
  withDeadline,
  type ClearExpiredOptions,
  type Clock,
  ConfigError,
  CreateError,
  DEFAULT_OPERATION_TIMEOUT_MS,
  type EngineCapabilities,
  EngineUnavailableError,
  hashKey,
  isValidKey,
  resolveLogger,
  type SessionEngine,
  type SessionRecord,
  SessionError,
  SessionTooLargeError,
  systemClock,
  UpdateError,
  storedEngineCapabilities,
} from '@sessionkit/core/engine';
import type { Knex } from 'knex';
import { type Dialect, dialectForLayout, dialectOf, type SqlParam, sqliteDialect } from './dialects/index.js';
import { toDjangoData } from './django.js';
import { resolveLayout, type TableLayout } from './layout.js';
import { type DbEngineOptions, positiveInteger, type ResolvedSettings, resolveSettings } from './options.js';
import { KnexRunner, MysqlRunner, PgRunner, SqliteRunner, type SqlRunner } from './runner.js';
import { createSessionTable } from './schema.js';
import { type EmbeddedSqlite, openEmbeddedSqlite } from './sqlite-open.js';
import { buildStatements, type Statements } from './statements.js';

const DEFAULT_BATCH_SIZE = 1000;
// The text forms of expiry are fixed-width up to year 9999.
const MAX_EXPIRY_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
// Deeper data is left to core's assertJsonValue (which also tells a cycle from deep nesting).

/** A session engine on a SQL database: SQLite (embedded or through knex), PostgreSQL, MySQL/MariaDB. */
export class DbEngine implements SessionEngine {
  readonly name: string;
  readonly capabilities: EngineCapabilities;
  /** The knex instance in use: the app's, or the engine's own over its SQLite file. */
  readonly knex: Knex;
  readonly dialect: Dialect;
  readonly layout: TableLayout;

  readonly #settings: ResolvedSettings;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  /** Whether calls run under a deadline timer (not on the engine's own synchronous SQLite). */
  readonly #deadline: boolean;
  readonly #statements: Statements;
  /** Runs the hot-path statements. */
  readonly #runner: SqlRunner;
  /** Runs schema-free admin statements (cleanup) through knex, so they show in its 'query' events. */
  readonly #admin: SqlRunner;
  /** Set when the engine opened the database itself; only then does close() close it. */
  readonly #owned: EmbeddedSqlite | undefined;
  #closed = false;

  constructor(options: DbEngineOptions) {
    this.#settings = resolveSettings(options);
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = positiveInteger(options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS, 'operationTimeoutMs');
    this.layout = resolveLayout(options, this.#settings.django);
    this.dialect = dialectForLayout(
      options.knex === undefined ? sqliteDialect : dialectOf(options.knex),
      this.layout.django,
      options.djangoTimeZone,
    );
    const capacity = this.dialect.dataCapacity(this.layout);
    if (this.#settings.maxDataBytes > capacity) {
      throw new ConfigError(`maxDataBytes ${this.#settings.maxDataBytes} exceeds the data column (${capacity} bytes)`);
    }
    this.#statements = buildStatements(this.dialect, this.layout);
    // Opened last, so a ConfigError above leaves nothing open.
    this.#owned =
      options.filename === undefined
        ? undefined
        : openEmbeddedSqlite(options.filename, this.#settings.busyTimeoutMs, resolveLogger(options.logger));
    this.knex = this.#owned?.knex ?? (options.knex as Knex);
    this.#admin = new KnexRunner(this.knex, this.dialect);
    this.#runner = this.#hotPathRunner();
    // The engine's own SQLite connection is better-sqlite3: every statement runs synchronously,
    // inside the call, bounded by the busy timeout, and its one-connection pool never waits. A
    // timer could only fire after the statement had already finished, so none is armed.
    this.#deadline = this.#owned === undefined;
    this.name = `db:${this.dialect.name}`;
    // SQLite text, timestamptz and datetime(6) all keep microseconds; instants here are ms.
    this.capabilities = storedEngineCapabilities({ maxDataBytes: this.#settings.maxDataBytes });
  }

  /** Prepared statements on the driver where it has them; knex.raw otherwise. */
  #hotPathRunner(): SqlRunner {
    if (this.#owned !== undefined) return new SqliteRunner(this.#owned.db);
    if (this.dialect.name === 'postgres') return new PgRunner(this.knex);
    const driver = (this.knex.client as { driverName?: unknown }).driverName;
    if (this.dialect.name === 'mysql' && driver === 'mysql2') return new MysqlRunner(this.knex);
    return this.#admin;
  }

  async load(key: string): Promise<SessionRecord | null> {
    if (!this.#valid(key)) return null;
    const now = this.#clock.now();
    const atRest = this.#atRest(key);
    const row = await this.#call('load', [key, atRest], () =>
      this.#runner.first(this.#statements.load, [atRest, this.#at(now)]),
    );
    if (row === undefined) return null;
    const expiresAt = this.dialect.decodeExpiry(row.expiry);
    // The SQL already filtered on expiry; this also covers rows another writer spelled oddly.
    if (expiresAt === null || expiresAt.getTime() <= now) return null;
    const data = this.#settings.codec.decode(textOf(row.data));
    return data === null ? null : { data, expiresAt };
  }

  async create(key: string, record: SessionRecord): Promise<string> {
    if (!this.#valid(key)) throw new CreateError(`[${this.name}] refusing a key outside the engine's key rules`);
    const [data, expiry] = this.#encode(record);
    const atRest = this.#atRest(key);
    const now = this.#at(this.#clock.now());
    await this.#call('create', [key, atRest, data], async () => {
      try {
        await this.#runner.run(this.#statements.insert, [atRest, data, expiry]);
        return;
      } catch (error) {
        if (!this.dialect.isUniqueViolation(error)) throw error;
      }
      // The key has a row: take it over only if that session is dead, atomically.
      const taken = await this.#runner.run(this.#statements.reclaim, [data, expiry, atRest, now]);
      if (taken === 0) throw new CreateError(`[${this.name}] key already in use`);
    });
    return key;
  }

  async update(key: string, record: SessionRecord): Promise<string> {
    if (!this.#valid(key)) throw new UpdateError(`[${this.name}] no live session to update`);
    const [data, expiry] = this.#encode(record);
    const atRest = this.#atRest(key);
    const now = this.#at(this.#clock.now());
    await this.#call('update', [key, atRest, data], async () => {
      const changed = await this.#runner.run(this.#statements.update, [data, expiry, atRest, now]);
      if (changed > 0) return;
      if (this.dialect.updateMayUnderreport && (await this.#isLive(atRest, now))) return;
      throw new UpdateError(`[${this.name}] no live session to update`);
    });
    return key;
  }

  async delete(key: string): Promise<void> {
    if (!this.#valid(key)) return;
    const atRest = this.#atRest(key);
    await this.#call('delete', [key, atRest], () => this.#runner.run(this.#statements.delete, [atRest]));
  }

  async exists(key: string): Promise<boolean> {
    if (!this.#valid(key)) return false;
    const now = this.#at(this.#clock.now());
    const atRest = this.#atRest(key);
    return this.#call('exists', [key, atRest], () => this.#isLive(atRest, now));
  }

  /** Deletes expired rows `batchSize` at a time, each batch one short statement under the deadline. */
  async clearExpired(options: ClearExpiredOptions = {}): Promise<number> {
    const { batchSize = DEFAULT_BATCH_SIZE, onProgress, signal } = options;
    if (!Number.isSafeInteger(batchSize) || batchSize <= 0)
      throw new RangeError('batchSize must be a positive integer');
    // One `now` for the whole run, so rows expiring meanwhile cannot keep it going forever.
    const now = this.#at(this.#clock.now());
    let removed = 0;
    for (;;) {
      signal?.throwIfAborted();
      const batch = await this.#call('clearExpired', [], () =>
        this.#admin.run(this.#statements.clearBatch, [now, batchSize]),
      );
      removed += batch;
      if (batch > 0) onProgress?.(removed);
      if (batch < batchSize) return removed;
      // Let requests in between batches (better-sqlite3 blocks while a statement runs).
      await yieldToEventLoop();
    }
  }

  /** Creates the session table (and its expiry index) when it is missing. */
  async migrate(): Promise<void> {
    await this.#call('migrate', [], () => createSessionTable(this.knex, this.dialect, this.layout));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned === undefined) return;
    this.#owned.db.close();
    await this.#owned.knex.destroy();
  }

  #valid(key: string): boolean {
    return isValidKey(key, this.capabilities);
  }

  #atRest(key: string): string {
    return this.#settings.hashKeys ? hashKey(key) : key;
  }

  #at(instant: number): SqlParam {
    return this.dialect.expiryParam(instant);
  }

  #isLive(atRest: string, now: SqlParam): Promise<boolean> {
    return this.#runner.all(this.#statements.exists, [atRest, now]).then((rows) => rows.length > 0);
  }

  /** [encoded data, bound expiry], checked before anything is written. */
  #encode(record: SessionRecord): [string, SqlParam] {
    const expiresAt = record.expiresAt instanceof Date ? record.expiresAt.getTime() : Number.NaN;
    // A NaN expiry would never compare as expired: an immortal row.
    if (!Number.isFinite(expiresAt) || expiresAt > MAX_EXPIRY_MS) {
      throw new TypeError(`[${this.name}] expiresAt must be a valid Date before the year 10000`);
    }
    // Core's Session has checked its data already, but callers may reach the engine directly:
    // anything JSON.stringify would drop or change must be refused, not stored. A quick walk
    // (no paths, no allocations); only when it balks does assertJsonValue name the culprit.
    if (!isJsonValue(record.data)) assertJsonValue(record.data, 'data');
    const { django, djangoExpiry, codec, maxDataBytes } = this.#settings;
    const data = django ? toDjangoData(record.data, record.expiresAt, this.#clock.now(), djangoExpiry) : record.data;
    const text = codec.encode(data);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxDataBytes) {
      throw new SessionTooLargeError(
        `[${this.name}] encoded session is ${bytes} bytes, over the ${maxDataBytes}-byte limit`,
      );
    }
    return [text, this.dialect.expiryParam(expiresAt)];
  }

  /**
   * One store call: refused after close(), bounded by the deadline (except on the engine's own
   * synchronous SQLite, see the constructor), driver errors mapped to EngineUnavailableError.
   * knex writes the bound values into driver error messages, so `secrets` (the key, its stored
   * form, the data) are cut out of them first.
   */
  #call<T>(operation: string, secrets: readonly string[], run: () => Promise<T>): Promise<T> {
    if (this.#closed)
      return Promise.reject(new EngineUnavailableError(`[${this.name}] ${operation}: engine is closed`));
    const scrub = (error: unknown): unknown => redact(error, secrets);
    if (!this.#deadline) {
      return run().catch((error: unknown) => {
        throw engineFailure(this.name, operation, error, scrub(error));
      });
    }
    return withDeadline(this.name, operation, this.#timeoutMs, run, scrub);
  }
}

/** The error with every secret cut out of its message (in place, as knex itself edits it). */
function redact(error: unknown, secrets: readonly string[]): unknown {
  // Duck-typed: a driver error may come from another realm (jest, worker contexts), failing instanceof Error.
  if (typeof error !== 'object' || error === null || error instanceof SessionError) return error;
  const target = error as { message?: unknown };
  if (typeof target.message !== 'string') return error;
  let message = target.message;
  for (const secret of secrets) if (secret.length > 0) message = message.split(secret).join('[redacted]');
  target.message = message;
  return error;
}

/** The data column as text: drivers may hand back a Buffer for binary collations. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return Buffer.isBuffer(value) ? value.toString('utf8') : '';
}

/** Creates a db engine. See DbEngineOptions. */
export function createDbEngine(options: DbEngineOptions): DbEngine {
  return new DbEngine(options);
}
