import {
  type ClearExpiredOptions,
  type Clock,
  ConfigError,
  CreateError,
  clearExpiredInBatches,
  type EngineCapabilities,
  hashKey,
  isValidKey,
  jsonEncoder,
  type PreparedRecord,
  prepareExpiry,
  prepareRecord,
  type RecordRules,
  requireValidKey,
  resolveLogger,
  SessionConflictError,
  type SessionEngine,
  type SessionRecord,
  SessionRecordObject,
  storedEngineCapabilities,
  UpdateError,
  type UpdateOptions,
} from '@sessionkit/core/engine';
import type { Knex } from 'knex';
import { StoreCalls } from './calls.js';
import { type Dialect, dialectForLayout, dialectOf, type Row, type SqlParam, sqliteDialect } from './dialects/index.js';
import { toDjangoData } from './django.js';
import { resolveLayout, type TableLayout } from './layout.js';
import { type DbEngineOptions, type ResolvedSettings, resolveSettings } from './options.js';
import { KnexRunner, MysqlRunner, PgRunner, SqliteRunner, type SqlRunner } from './runner.js';
import { textOf, versionOf } from './row-values.js';
import { createSessionTable } from './schema.js';
import { type EmbeddedSqlite, openEmbeddedSqlite } from './sqlite-open.js';
import { buildStatements, type Statements } from './statements.js';

// The text forms of expiry are fixed-width up to year 9999.
const MAX_EXPIRY_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

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
  readonly #recordRules: RecordRules;
  /** Whether the table has a version column (sessionkit's layout; not Django's). */
  readonly #versioned: boolean;
  /** Refusal after close, the deadline and error mapping of every store call. */
  readonly #calls: StoreCalls;
  readonly #statements: Statements;
  /** Runs the hot-path statements. */
  readonly #runner: SqlRunner;
  /** The same runner when it answers within the call (the engine's own SQLite): no promise per statement. */
  readonly #now: SqliteRunner | undefined;
  /** Runs schema-free admin statements (cleanup) through knex, so they show in its 'query' events. */
  readonly #admin: SqlRunner;
  /** Set when the engine opened the database itself; only then does close() close it. */
  readonly #owned: EmbeddedSqlite | undefined;
  constructor(options: DbEngineOptions) {
    this.#settings = resolveSettings(options);
    this.#clock = this.#settings.clock;
    this.layout = resolveLayout(options, this.#settings.django);
    this.#versioned = this.layout.version !== undefined;
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
    const deadline = this.#owned === undefined;
    const answersNow = this.#runner instanceof SqliteRunner && !deadline && !this.dialect.updateMayUnderreport;
    this.#now = answersNow ? (this.#runner as SqliteRunner) : undefined;
    this.name = `db:${this.dialect.name}`;
    this.#calls = new StoreCalls(this.name, this.#settings.operationTimeoutMs, deadline);
    // SQLite text, timestamptz and datetime(6) all keep microseconds; instants here are ms.
    this.capabilities = storedEngineCapabilities({
      maxDataBytes: this.#settings.maxDataBytes,
      optimisticConcurrency: this.#versioned,
    });
    const { django, djangoExpiry, codec, maxDataBytes } = this.#settings;
    this.#recordRules = {
      engineName: this.name,
      maxDataBytes,
      latestExpiry: MAX_EXPIRY_MS,
      // toDjangoData adds whole seconds at most: no tiny number.
      encode: (data, expiresAt, tinyNumbers) =>
        codec.encode(django ? toDjangoData(data, expiresAt, this.#clock.now(), djangoExpiry) : data, tinyNumbers),
      // Django's layout adds the expiry to the data: only the plain layout can start from the JSON.
      encodeJson: django ? undefined : jsonEncoder(codec),
    };
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
    this.#calls.ensureOpen('load');
    if (!this.#valid(key)) return null;
    const now = this.#clock.now();
    const atRest = this.#atRest(key);
    const sync = this.#now;
    const params = [atRest, this.#at(now)];
    const row =
      sync === undefined
        ? await this.#calls.call('load', [key, atRest], () => this.#runner.first(this.#statements.load, params))
        : this.#calls.now('load', [key, atRest], () => sync.firstNow(this.#statements.load, params));
    if (row === undefined) return null;
    const expiresAt = this.dialect.decodeExpiry(row.expiry);
    // The SQL already filtered on expiry; this also covers rows another writer spelled oddly.
    if (expiresAt === null || expiresAt.getTime() <= now) return null;
    const data = this.#settings.codec.decode(textOf(row.data));
    if (data === null) return null;
    // A class instance, not a literal: see SessionRecordObject on V8's pretenuring.
    return new SessionRecordObject(data, expiresAt, versionOf(row.version));
  }

  async create(key: string, record: SessionRecord): Promise<string> {
    this.#calls.ensureOpen('create');
    requireValidKey(this.name, key, this.capabilities, 'create');
    const prepared = prepareRecord(record, this.#recordRules);
    const atRest = this.#atRest(key);
    const now = this.#at(this.#clock.now());
    const written = this.#written(prepared);
    await this.#calls.call('create', [key, atRest, prepared.text], async () => {
      try {
        await this.#runner.run(this.#statements.insert, [atRest, ...written]);
        return;
      } catch (error) {
        if (!this.dialect.isUniqueViolation(error)) throw error;
      }
      // The key has a row: take it over only if that session is dead, atomically.
      const taken = await this.#runner.run(this.#statements.reclaim, [...written, atRest, now]);
      if (taken === 0) throw new CreateError(`[${this.name}] key already in use`);
    });
    return key;
  }

  /**
   * One UPDATE, conditioned on liveness (and, with `expectedVersion` on a versioned table, on
   * the stored version). Only when it changes no row does a second query tell why.
   */
  async update(key: string, record: SessionRecord, options?: UpdateOptions): Promise<string> {
    this.#calls.ensureOpen('update');
    requireValidKey(this.name, key, this.capabilities, 'update');
    const prepared = prepareRecord(record, this.#recordRules);
    const expected = this.#versioned ? options?.expectedVersion : undefined;
    const atRest = this.#atRest(key);
    const now = this.#at(this.#clock.now());
    const written = this.#written(prepared);
    const secrets = [key, atRest, prepared.text];
    const sync = this.#now;
    if (sync !== undefined) {
      // SQLite counts matched rows (#now is unset where updates may underreport): 0 is no live
      // session, or (with a version) a stored version that differs. No promise per statement.
      const changed = this.#calls.now('update', secrets, () =>
        expected === undefined
          ? sync.runNow(this.#statements.update, [...written, atRest, now])
          : sync.runNow(this.#statements.updateIfVersion, [...written, atRest, now, expected]),
      );
      if (changed > 0) return key;
      if (expected === undefined) throw new UpdateError(`[${this.name}] no live session to update`);
      const stored = this.#calls.now('update', secrets, () =>
        sync.firstNow(this.#statements.liveVersion, [atRest, now]),
      );
      throw this.#versionMiss(stored);
    }
    await this.#calls.call('update', secrets, async () => {
      const changed =
        expected === undefined
          ? await this.#runner.run(this.#statements.update, [...written, atRest, now])
          : await this.#runner.run(this.#statements.updateIfVersion, [...written, atRest, now, expected]);
      if (changed > 0) return;
      if (expected === undefined) {
        // MySQL counts changed rows, not matched ones: a write identical to the row reports 0.
        if (this.dialect.updateMayUnderreport && (await this.#isLive(atRest, now))) return;
        throw new UpdateError(`[${this.name}] no live session to update`);
      }
      const stored = await this.#runner.first(this.#statements.liveVersion, [atRest, now]);
      // On MySQL, our own write matching an identical row also reports 0: its token is there.
      if (this.dialect.updateMayUnderreport && stored !== undefined && versionOf(stored.version) === prepared.version) {
        return;
      }
      throw this.#versionMiss(stored);
    });
    return key;
  }

  /**
   * Why an update conditioned on a version changed no row, from the live row's version read
   * after it: no live row (UpdateError), else a version that differs or a row that changed
   * between the two statements (SessionConflictError).
   */
  #versionMiss(stored: Row | undefined): Error {
    if (stored === undefined) return new UpdateError(`[${this.name}] no live session to update`);
    return new SessionConflictError(`[${this.name}] the session changed since it was loaded`);
  }

  /** Moves a live row's expiry in one UPDATE; data and version stay as stored. */
  async touch(key: string, expiresAt: Date): Promise<void> {
    this.#calls.ensureOpen('touch');
    requireValidKey(this.name, key, this.capabilities, 'touch');
    const expiry = this.#at(prepareExpiry(this.name, expiresAt, MAX_EXPIRY_MS));
    const atRest = this.#atRest(key);
    const now = this.#at(this.#clock.now());
    await this.#calls.call('touch', [key, atRest], async () => {
      const changed = await this.#runner.run(this.#statements.touch, [expiry, atRest, now]);
      if (changed > 0) return;
      if (this.dialect.updateMayUnderreport && (await this.#isLive(atRest, now))) return;
      throw new UpdateError(`[${this.name}] no live session to touch`);
    });
  }

  async delete(key: string): Promise<void> {
    this.#calls.ensureOpen('delete');
    if (!this.#valid(key)) return;
    const atRest = this.#atRest(key);
    await this.#calls.call('delete', [key, atRest], () => this.#runner.run(this.#statements.delete, [atRest]));
  }

  async exists(key: string): Promise<boolean> {
    this.#calls.ensureOpen('exists');
    if (!this.#valid(key)) return false;
    const now = this.#at(this.#clock.now());
    const atRest = this.#atRest(key);
    return this.#calls.call('exists', [key, atRest], () => this.#isLive(atRest, now));
  }

  /** Deletes expired rows `batchSize` at a time, each batch one short statement under the deadline. */
  async clearExpired(options?: ClearExpiredOptions): Promise<number> {
    this.#calls.ensureOpen('clearExpired');
    // One `now` for the whole run, so rows expiring meanwhile cannot keep it going forever.
    const now = this.#at(this.#clock.now());
    const params = (limit: number) => this.dialect.clearBatchParams?.(now, limit) ?? [now, limit];
    return clearExpiredInBatches(options, (limit) =>
      this.#calls.call('clearExpired', [], () => this.#admin.run(this.#statements.clearBatch, params(limit))),
    );
  }

  /**
   * Creates the session table (and its expiry index) when it is missing. Not under
   * `operationTimeoutMs`: an ALTER may wait on a lock or copy the table for longer.
   */
  async migrate(): Promise<void> {
    await this.#calls.call('migrate', [], () => createSessionTable(this.knex, this.dialect, this.layout), false);
  }

  async close(): Promise<void> {
    if (!this.#calls.close()) return;
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

  /** The written columns in statement order: data, expiry and, on a versioned table, version. */
  #written(prepared: PreparedRecord): SqlParam[] {
    const columns: SqlParam[] = [prepared.text, this.#at(prepared.expiresAt)];
    if (this.#versioned) columns.push(prepared.version ?? null);
    return columns;
  }
}

/** Creates a db engine. See DbEngineOptions. */
export function createDbEngine(options: DbEngineOptions): DbEngine {
  return new DbEngine(options);
}
