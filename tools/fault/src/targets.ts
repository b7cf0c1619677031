import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEngine, type SessionEngine } from '@sessionkit/core';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { createSignedCookieEngine } from '@sessionkit/signed-cookie';
import { SERVICES, canConnect } from '@sessionkit/test-services';
import knexFactory, { type Knex } from 'knex';

export const FAULT_SECRET = randomBytes(32).toString('hex');
/** The deadline every stored engine runs with here: a fault must fail fast, not hang. */
export const OPERATION_TIMEOUT_MS = 1000;

/** A fault the design switches on for a window and off again. */
export interface Fault {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** An engine under test, with what the designs need to look behind it. */
export interface Target {
  name: string;
  engine: SessionEngine;
  /** Records in the store, or null where there is no store (cookies). */
  count(): Promise<number | null>;
  /** Whether the store keeps a session the client no longer holds (false for cookies). */
  revocable: boolean;
  /** The store's connections dropped, repeatedly, for the window (LF-4). */
  outage?: Fault;
  /** The store stops answering for the window, then resumes (LF-6). */
  freeze?: Fault;
  /** A SQLite file, for designs that start a second process on it (LF-10). */
  sqliteFile?: string;
  close(): Promise<void>;
}

/** A named way to make a target; null when its server is not reachable here. */
export interface TargetFactory {
  name: string;
  make(options?: { clockOffsetMs?: () => number }): Promise<Target | null>;
}

/**
 * Hook for engines that live elsewhere (the cache engine, cached_db for LF-9): push a factory
 * here before `run` starts, and every design that applies runs against it too.
 */
export const EXTRA_TARGETS: TargetFactory[] = [];

const clockOf = (offset?: () => number) => (offset ? { now: () => Date.now() + offset() } : undefined);

const memory: TargetFactory = {
  name: 'memory',
  async make(options) {
    const engine = new MemoryEngine({ clock: clockOf(options?.clockOffsetMs) });
    return { name: 'memory', engine, revocable: true, count: async () => engine.size, close: () => engine.close() };
  },
};

const signedCookie: TargetFactory = {
  name: 'signed-cookie',
  async make() {
    const engine = createSignedCookieEngine({ secret: FAULT_SECRET });
    return { name: 'signed-cookie', engine, revocable: false, count: async () => null, close: () => engine.close() };
  },
};

const sqlite: TargetFactory = {
  name: 'sqlite',
  async make(options) {
    const dir = mkdtempSync(join(tmpdir(), 'sk-fault-'));
    const file = join(dir, 'sessions.sqlite3');
    const engine = createDbEngine({
      filename: file,
      secret: FAULT_SECRET,
      busyTimeoutMs: 5000,
      clock: clockOf(options?.clockOffsetMs),
    });
    await engine.migrate();
    return {
      ...dbParts('sqlite', engine),
      sqliteFile: file,
      async close() {
        await engine.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** Count and table name of a db engine. */
function dbParts(name: string, engine: DbEngine) {
  const { table } = engine.layout;
  return {
    name,
    engine,
    revocable: true,
    async count() {
      const [row] = await engine.knex(table).count({ n: '*' });
      return Number(row?.n);
    },
  };
}

const pg: TargetFactory = {
  name: 'postgres',
  async make(options) {
    const url = process.env.PG_URL ?? SERVICES.pg.defaultUrl;
    if (!(await reachable(url, 5432))) return null;
    const app = `sk_fault_${randomBytes(4).toString('hex')}`;
    const parsed = new URL(url);
    const connection = {
      host: parsed.hostname,
      port: Number(parsed.port || 5432),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database: parsed.pathname.slice(1),
      application_name: app,
    };
    const knex = knexFactory({ client: 'pg', connection, pool: { min: 0, max: 8 } });
    const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
    const kill = () =>
      admin.raw('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?', [app]);
    return serverTarget(
      'postgres',
      { knex, admin, table: app, clockOffsetMs: options?.clockOffsetMs },
      {
        outage: repeating(kill),
        freeze: tableLock(admin, (trx) => trx.raw(`LOCK TABLE ${app} IN ACCESS EXCLUSIVE MODE`)),
      },
    );
  },
};

const mariadb: TargetFactory = {
  name: 'mariadb',
  async make(options) {
    const url = process.env.MYSQL_URL ?? SERVICES.mysql.defaultUrl;
    if (!(await reachable(url, 3306))) return null;
    const user = `sk_fault_${randomBytes(4).toString('hex')}`;
    const admin = knexFactory({ client: 'mysql2', connection: url, pool: { min: 0, max: 2 } });
    const database = new URL(url).pathname.slice(1);
    // Our own user, so that killing its connections hurts no other test on the shared server.
    await admin.raw(`CREATE USER '${user}'@'%'`);
    await admin.raw(`GRANT ALL ON \`${database}\`.* TO '${user}'@'%'`);
    const userUrl = new URL(url);
    userUrl.username = user;
    userUrl.password = '';
    const knex = knexFactory({ client: 'mysql2', connection: userUrl.toString(), pool: { min: 0, max: 8 } });
    const kill = async () => {
      const [rows] = (await admin.raw('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ?', [
        user,
      ])) as [{ id: number }[]];
      for (const { id } of rows) await admin.raw(`KILL CONNECTION ${Number(id)}`).catch(() => {});
    };
    const faults = {
      outage: repeating(kill),
      freeze: tableLock(
        admin,
        (trx) => trx.raw(`LOCK TABLES \`${user}\` WRITE`),
        (trx) => trx.raw('UNLOCK TABLES'),
      ),
    };
    const dropUser = async () => {
      await admin.raw(`DROP USER IF EXISTS '${user}'@'%'`);
    };
    return serverTarget(
      'mariadb',
      { knex, admin, table: user, clockOffsetMs: options?.clockOffsetMs },
      faults,
      dropUser,
    );
  },
};

/**
 * A db engine on a shared server: its own table (and connections), the faults given, and a
 * close that drops the table and the pools (then `cleanup`, before the admin pool goes).
 */
async function serverTarget(
  name: string,
  parts: { knex: Knex; admin: Knex; table: string; clockOffsetMs?: () => number },
  faults: { outage: Fault; freeze: Fault },
  cleanup: () => Promise<void> = async () => {},
): Promise<Target> {
  const { knex, admin, table } = parts;
  const engine = createDbEngine({
    knex,
    tableName: table,
    secret: FAULT_SECRET,
    operationTimeoutMs: OPERATION_TIMEOUT_MS,
    clock: clockOf(parts.clockOffsetMs),
  });
  await engine.migrate();
  return {
    ...dbParts(name, engine),
    ...faults,
    async close() {
      await engine.close();
      await knex.destroy();
      await admin.schema.dropTableIfExists(table);
      await cleanup();
      await admin.destroy();
    },
  };
}

/** Runs `hit` every 100 ms while the window is open. */
function repeating(hit: () => Promise<unknown>): Fault {
  let timer: NodeJS.Timeout | undefined;
  return {
    async start() {
      await hit();
      timer = setInterval(() => void hit().catch(() => {}), 100);
    },
    async stop() {
      clearInterval(timer);
    },
  };
}

/** Holds a table lock in an open transaction for the window. */
function tableLock(
  admin: Knex,
  lock: (trx: Knex.Transaction) => Promise<unknown>,
  unlock?: (trx: Knex.Transaction) => Promise<unknown>,
): Fault {
  let trx: Knex.Transaction | undefined;
  return {
    async start() {
      trx = await admin.transaction();
      await lock(trx);
    },
    async stop() {
      if (trx === undefined) return;
      if (unlock) await unlock(trx);
      await trx.rollback();
    },
  };
}

async function reachable(url: string, port: number): Promise<boolean> {
  const parsed = new URL(url);
  return canConnect(parsed.hostname, Number(parsed.port || port));
}

/** Every built-in target, then the registered extras. */
export function allTargets(): TargetFactory[] {
  return [memory, sqlite, pg, mariadb, signedCookie, ...EXTRA_TARGETS];
}
