/**
 * `npm run bench -- --scale`: session sizes (16 and 64 KB), tables of 1,000 and 1,000,000
 * rows (read latency must stay flat), and clearExpired over 1,000,000 expired rows.
 * Million-row tables are seeded in bulk: one statement (one transaction) on SQLite, one
 * INSERT … SELECT generate_series on PostgreSQL.
 */
import type { ExtraSection } from '../harness/report.js';
import { runSuite } from '../harness/runner.js';
import type { Target } from '../harness/targets.js';
import type { SuiteResult, SuiteSpec } from '../harness/types.js';
import { type SessionStore, storeSuite } from '../store/contract.js';
import * as pg from '../store/postgres.js';
import * as sqlite from '../store/sqlite.js';
import { scratch } from '../workdir.js';
import { clearExpiredRuns } from './clear-expired.js';

export interface ScaleResult {
  suites: SuiteResult[];
  targets: Target[];
  extras: ExtraSection[];
  records: Record<string, unknown>[];
  notes: string[];
}

export const MILLION = 1_000_000;
const LIVE_KEYS = 1000;

/** The same store, renamed, whose table gets `filler` extra rows before its sessions are seeded. */
function withRows(store: SessionStore, filler: number, label: string): SessionStore {
  const named: SessionStore = {
    ...store,
    name: `${store.name} @ ${label}`,
    async open() {
      await store.open();
      if (filler > 0) {
        if (store.seedFiller === undefined) throw new Error(`${store.name} cannot seed filler rows`);
        await store.seedFiller(filler, false);
      }
    },
  };
  return named;
}

function sizeSuites(): SuiteSpec[] {
  const suites: SuiteSpec[] = [];
  for (const kb of [16, 64]) {
    const bytes = kb * 1024;
    suites.push(
      storeSuite(
        [
          sqlite.rawSqlite(scratch(`size${kb}-raw.db`)),
          sqlite.oursSqlitePlain(scratch(`size${kb}-plain.db`)),
          sqlite.oursSqliteDefaults(scratch(`size${kb}-defaults.db`)),
          sqlite.betterSqlite3SessionStorePeer(scratch(`size${kb}-bs3.db`)),
        ],
        {
          id: `sqlite-${kb}k`,
          title: `SQLite: load+save of a ${kb} KB session`,
          description: `As the default SQLite suite, with ${kb} KB sessions (200 per contender).`,
          sessionBytes: bytes,
          keys: 200,
          rounds: 5,
        },
      ),
      storeSuite([pg.rawPg(), pg.oursPgPlain(), pg.oursPgDefaults(), pg.connectPgSimplePeer()], {
        id: `postgres-${kb}k`,
        title: `PostgreSQL: load+save of a ${kb} KB session`,
        description: `As the default PostgreSQL suite, with ${kb} KB sessions (200 per contender).`,
        sessionBytes: bytes,
        keys: 200,
        rounds: 5,
      }),
    );
  }
  return suites;
}

function rowsSuites(): { specs: SuiteSpec[]; targets: Target[] } {
  const big = MILLION - LIVE_KEYS;
  const specs = [
    storeSuite(
      [
        withRows(sqlite.rawSqlite(scratch('rows-raw-1k.db')), 0, '1k rows'),
        withRows(sqlite.oursSqliteDefaults(scratch('rows-ours-1k.db')), 0, '1k rows'),
        withRows(sqlite.rawSqlite(scratch('rows-raw-1m.db')), big, '1M rows'),
        withRows(sqlite.oursSqliteDefaults(scratch('rows-ours-1m.db')), big, '1M rows'),
      ],
      {
        id: 'sqlite-rows',
        title: 'SQLite: loading a 1 KB session from 1,000 vs 1,000,000 rows',
        description:
          'A read-only request: load one of 1,000 live sessions, visited in a shuffled order. The 1M-row tables hold 999,000 extra live filler rows (~250 B each, random 64-hex keys) seeded in one transaction.',
        sessionBytes: 1024,
        operation: 'load',
        rounds: 7,
      },
    ),
    storeSuite(
      [
        withRows(pg.rawPg('bench_pg_rows_raw_1k'), 0, '1k rows'),
        withRows(pg.oursPgDefaults('bench_pg_rows_ours_1k'), 0, '1k rows'),
        withRows(pg.rawPg('bench_pg_rows_raw_1m'), big, '1M rows'),
        withRows(pg.oursPgDefaults('bench_pg_rows_ours_1m'), big, '1M rows'),
      ],
      {
        id: 'postgres-rows',
        title: 'PostgreSQL: loading a 1 KB session from 1,000 vs 1,000,000 rows',
        description:
          'A read-only request: load one of 1,000 live sessions, visited in a shuffled order. The 1M-row tables hold 999,000 extra live filler rows seeded with one INSERT … SELECT generate_series, then ANALYZE.',
        sessionBytes: 1024,
        operation: 'load',
        rounds: 7,
      },
    ),
  ];
  const flat = (suite: string, name: string, versus: string): Target => ({
    id: `${suite}-flat`,
    suite,
    contender: name,
    versus,
    min: 0.9,
    text: `${suite === 'sqlite-rows' ? 'SQLite' : 'PostgreSQL'}: load at 1M rows ≥ 0.9× load at 1k rows (flat)`,
  });
  return {
    specs,
    targets: [
      flat('sqlite-rows', 'ours: db engine, defaults @ 1M rows', 'ours: db engine, defaults @ 1k rows'),
      flat('postgres-rows', 'ours: db engine, defaults @ 1M rows', 'ours: db engine, defaults @ 1k rows'),
    ],
  };
}

export async function scaleRun(options: { log: (line: string) => void; only?: string[] }): Promise<ScaleResult> {
  const { log, only } = options;
  const wanted = (id: string): boolean => !only || only.some((prefix) => id.startsWith(prefix));
  const result: ScaleResult = {
    suites: [],
    targets: [],
    extras: [],
    records: [],
    notes: [
      'Scale run: the 16/64 KB suites use 200 sessions per contender; the signed-cookie engine has no 16/64 KB suite, as a cookie holds at most 4,096 bytes.',
      '"Flat" is read here as: loads per second at 1M rows at least 0.9× those at 1k rows, median of per-round ratios (the issue gives no number).',
    ],
  };
  const rows = rowsSuites();
  for (const spec of [...sizeSuites(), ...rows.specs]) {
    if (!wanted(spec.id)) continue;
    try {
      result.suites.push(await runSuite(spec, { log }));
    } catch (error) {
      log(`   suite ${spec.id} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  result.targets.push(...rows.targets.filter((t) => wanted(t.suite)));
  if (wanted('clear-expired')) {
    const clear = await clearExpiredRuns(log);
    result.extras.push(clear.section);
    result.records.push(...clear.records);
  }
  return result;
}
