import { ok, strictEqual } from 'node:assert/strict';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { SessionEngine } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import betterSqlite3SessionStore from 'better-sqlite3-session-store';
import { knex as createKnex } from 'knex';
import type { ExtraSection } from '../harness/report.js';
import { percentileSorted } from '../harness/stats.js';
import { SECRET, sessionData, sessionKey, TWO_WEEKS_MS } from '../payload.js';
import { FILLER_JSON } from '../store/contract.js';
import { dropPgTables, PG_URL, pgClient, pgFiller, pgPool } from '../store/postgres.js';
import { openSqlite } from '../store/sqlite.js';
import { scratch } from '../workdir.js';

const EXPIRED_ROWS = 1_000_000;
const LIVE = 1000;
const YESTERDAY = (): number => Date.now() - 86_400_000;

interface ClearMeasure {
  database: 'SQLite' | 'PostgreSQL';
  contender: string;
  group: 'ours' | 'peer';
  removed: number;
  totalMs: number;
  batches: number;
  longestBatchMs: number;
  medianBatchMs: number;
  p99BatchMs: number;
  /** Longest stall of this process's event loop while it ran (SQLite runs on the main thread). */
  eventLoopMaxMs: number;
  seedMs: number;
}

/** Runs `engine.clearExpired` timing each batch (the time between progress callbacks). */
async function timeClear(
  engine: SessionEngine,
): Promise<Omit<ClearMeasure, 'database' | 'contender' | 'group' | 'seedMs'>> {
  const batches: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const start = performance.now();
  let last = start;
  const removed = await engine.clearExpired({
    onProgress: () => {
      const now = performance.now();
      batches.push(now - last);
      last = now;
    },
  });
  const totalMs = performance.now() - start;
  loop.disable();
  const sorted = Float64Array.from(batches).sort();
  return {
    removed,
    totalMs,
    batches: batches.length,
    longestBatchMs: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : totalMs,
    medianBatchMs: percentileSorted(sorted, 50),
    p99BatchMs: percentileSorted(sorted, 99),
    eventLoopMaxMs: loop.max / 1e6,
  };
}

/** Creates LIVE sessions through the engine; returns their keys. */
async function seedLive(engine: SessionEngine): Promise<string[]> {
  const keys: string[] = [];
  const data = sessionData(1024);
  for (let i = 0; i < LIVE; i++) {
    const key = sessionKey();
    await engine.create(key, { data: structuredClone(data), expiresAt: new Date(Date.now() + TWO_WEEKS_MS) });
    keys.push(key);
  }
  return keys;
}

async function checkSurvivors(engine: SessionEngine, keys: string[], count: () => Promise<number>): Promise<void> {
  for (const key of keys) ok((await engine.load(key)) !== null, 'a live session was removed by clearExpired');
  strictEqual(await count(), LIVE, 'rows left after clearExpired');
}

async function sqliteOurs(): Promise<ClearMeasure> {
  const file = scratch('clear-ours.db');
  const engine = createDbEngine({ filename: file, secret: SECRET });
  await engine.migrate?.();
  try {
    const keys = await seedLive(engine);
    const seedStart = performance.now();
    const db = openSqlite(file);
    db.prepare(
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) INSERT INTO sessionkit_sessions (session_key, session_data, expires_at) SELECT lower(hex(randomblob(32))), ?, ? FROM c',
    ).run(EXPIRED_ROWS, FILLER_JSON, YESTERDAY()); // epoch ms, as the engine's SQLite layout stores expiry
    db.exec('ANALYZE sessionkit_sessions');
    const seedMs = performance.now() - seedStart;
    const measured = await timeClear(engine);
    strictEqual(measured.removed, EXPIRED_ROWS, 'clearExpired count');
    await checkSurvivors(
      engine,
      keys,
      async () => db.prepare('SELECT count(*) FROM sessionkit_sessions').pluck().get() as number,
    );
    db.close();
    return {
      database: 'SQLite',
      contender: 'ours: db engine clearExpired() (batches of 1,000)',
      group: 'ours',
      seedMs,
      ...measured,
    };
  } finally {
    await engine.close();
  }
}

async function sqlitePeer(): Promise<ClearMeasure> {
  const db = openSqlite(scratch('clear-bs3.db'));
  const SqliteStore = betterSqlite3SessionStore(session);
  const store = new SqliteStore({ client: db, expired: { clear: false } }) as { clearExpiredSessions(): void };
  const seedStart = performance.now();
  db.prepare(
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) INSERT INTO sessions (sid, sess, expire) SELECT lower(hex(randomblob(16))), ?, ? FROM c',
  ).run(EXPIRED_ROWS, FILLER_JSON, new Date(YESTERDAY()).toISOString());
  const seedMs = performance.now() - seedStart;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const start = performance.now();
  store.clearExpiredSessions();
  const totalMs = performance.now() - start;
  // The delay monitor records the stall on its next tick.
  await new Promise((resolve) => setTimeout(resolve, 20));
  loop.disable();
  const left = db.prepare('SELECT count(*) FROM sessions').pluck().get() as number;
  db.close();
  return {
    database: 'SQLite',
    contender: 'better-sqlite3-session-store clearExpiredSessions() (one DELETE)',
    group: 'peer',
    removed: EXPIRED_ROWS - left,
    totalMs,
    batches: 1,
    longestBatchMs: totalMs,
    medianBatchMs: totalMs,
    p99BatchMs: totalMs,
    // The DELETE runs synchronously on the event loop: the stall is the statement itself.
    eventLoopMaxMs: Math.max(loop.max / 1e6, totalMs),
    seedMs,
  };
}

async function pgOurs(): Promise<ClearMeasure> {
  const table = 'bench_pg_clear_ours';
  await dropPgTables([table]);
  const knex = createKnex({
    client: 'pg',
    connection: { connectionString: PG_URL, options: '-c synchronous_commit=off' },
    pool: { min: 1, max: 2 },
  });
  const engine = createDbEngine({ knex, tableName: table, secret: SECRET });
  try {
    await engine.migrate?.();
    const keys = await seedLive(engine);
    const seedStart = performance.now();
    await pgFiller(
      table,
      ['session_key', 'session_data', 'expires_at'],
      EXPIRED_ROWS,
      new Date(YESTERDAY()).toISOString(),
    );
    const seedMs = performance.now() - seedStart;
    const measured = await timeClear(engine);
    strictEqual(measured.removed, EXPIRED_ROWS, 'clearExpired count');
    await checkSurvivors(engine, keys, async () =>
      Number((await knex.raw(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n),
    );
    return {
      database: 'PostgreSQL',
      contender: 'ours: db engine clearExpired() (batches of 1,000)',
      group: 'ours',
      seedMs,
      ...measured,
    };
  } finally {
    await engine.close();
    await knex.destroy();
    await dropPgTables([table]);
  }
}

async function pgPeer(): Promise<ClearMeasure> {
  const table = 'bench_pg_clear_cps';
  await dropPgTables([table]);
  const pool = pgPool();
  const PGStore = connectPgSimple(session);
  const store = new PGStore({ pool, tableName: table, createTableIfMissing: true, pruneSessionInterval: false }) as {
    pruneSessions(fn: (error?: unknown) => void): void;
    get(sid: string, fn: (error: unknown) => void): void;
  };
  try {
    // The first query creates the table.
    await new Promise<void>((resolve, reject) => store.get('x', (error) => (error ? reject(error) : resolve())));
    const seedStart = performance.now();
    const client = pgClient();
    await client.connect();
    await client.query(
      `INSERT INTO ${table} (sid, sess, expire) SELECT md5(g::text || random()::text), $1::json, $2::timestamp FROM generate_series(1, $3::int) AS g`,
      [FILLER_JSON, new Date(YESTERDAY()).toISOString().replace('Z', ''), EXPIRED_ROWS],
    );
    await client.query(`ANALYZE ${table}`);
    const seedMs = performance.now() - seedStart;
    const start = performance.now();
    await new Promise<void>((resolve, reject) => store.pruneSessions((error) => (error ? reject(error) : resolve())));
    const totalMs = performance.now() - start;
    const left = Number((await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    await client.end();
    return {
      database: 'PostgreSQL',
      contender: 'connect-pg-simple pruneSessions() (one DELETE)',
      group: 'peer',
      removed: EXPIRED_ROWS - left,
      totalMs,
      batches: 1,
      longestBatchMs: totalMs,
      medianBatchMs: totalMs,
      p99BatchMs: totalMs,
      eventLoopMaxMs: Number.NaN,
      seedMs,
    };
  } finally {
    await pool.end();
    await dropPgTables([table]);
  }
}

export async function clearExpiredRuns(
  log: (line: string) => void,
): Promise<{ section: ExtraSection; records: Record<string, unknown>[] }> {
  log('\n== clear-expired: 1,000,000 expired rows');
  const measures: ClearMeasure[] = [];
  for (const run of [sqliteOurs, sqlitePeer, pgOurs, pgPeer]) {
    try {
      const m = await run();
      measures.push(m);
      log(
        `   ${m.database} ${m.contender}: ${m.removed} rows in ${(m.totalMs / 1000).toFixed(1)} s, longest batch ${m.longestBatchMs.toFixed(1)} ms (seeded in ${(m.seedMs / 1000).toFixed(1)} s)`,
      );
    } catch (error) {
      log(`   ${run.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  const fmt = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const lines = [
    'Each table holds 1,000 live sessions and 1,000,000 expired rows (seeded in bulk). Our engine deletes in batches of 1,000 and yields between batches; the peers run one DELETE. The live sessions were checked to survive.',
    '',
    '| Database | Contender | Rows removed | Total s | Rows/s | Batches | Median batch ms | p99 batch ms | Longest batch ms | Longest event-loop stall ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...measures.map(
      (m) =>
        `| ${m.database} | ${m.contender} | ${m.removed.toLocaleString('en-US')} | ${fmt(m.totalMs / 1000, 2)} | ${Math.round(m.removed / (m.totalMs / 1000)).toLocaleString('en-US')} | ${m.batches} | ${fmt(m.medianBatchMs, 2)} | ${fmt(m.p99BatchMs, 2)} | ${fmt(m.longestBatchMs)} | ${fmt(m.eventLoopMaxMs)} |`,
    ),
  ];
  const records = measures.map((m) => ({
    suite: `clear-expired-${m.database === 'SQLite' ? 'sqlite' : 'postgres'}`,
    contender: m.contender,
    group: m.group,
    opsPerSec: Math.round(m.removed / (m.totalMs / 1000)),
    p50Us: Math.round(m.medianBatchMs * 1000),
    p99Us: Math.round(m.p99BatchMs * 1000),
    ratioToLimit: null,
    ratioToBestPeer: null,
    unit: 'rows removed',
    totalMs: Math.round(m.totalMs),
    longestBatchMs: Math.round(m.longestBatchMs * 10) / 10,
    batches: m.batches,
    eventLoopMaxMs: Number.isFinite(m.eventLoopMaxMs) ? Math.round(m.eventLoopMaxMs * 10) / 10 : null,
    seedMs: Math.round(m.seedMs),
  }));
  return { section: { title: 'clearExpired over 1,000,000 expired rows', markdown: lines.join('\n') }, records };
}
