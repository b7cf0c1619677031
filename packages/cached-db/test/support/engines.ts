import type { Clock, SessionRecord } from '@sessionkit/core/engine';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { TEST_SECRET } from '../../../db/test/support/names';

/** A fresh embedded SQLite db engine (in memory), migrated. */
export async function sqliteDb(clock?: Clock): Promise<DbEngine> {
  const db = createDbEngine({ filename: ':memory:', secret: TEST_SECRET, ...(clock ? { clock } : {}) });
  await db.migrate();
  return db;
}

const STORE_CALLS = new Set(['load', 'exists', 'create', 'update', 'touch', 'delete', 'clearExpired']);

/**
 * The db engine behind a counter of its store calls (each one is at least one SQL statement;
 * the embedded SQLite engine runs prepared statements, which knex's 'query' event does not see).
 */
export function countingDb(db: DbEngine): { engine: DbEngine; readonly count: number } {
  const counter = { count: 0 };
  const engine = new Proxy(db, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (STORE_CALLS.has(String(property))) counter.count++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    engine,
    get count() {
      return counter.count;
    },
  };
}

let serial = 0;

/** A valid session key no other test uses. */
export function freshKey(): string {
  serial++;
  return `cdbtest${process.pid}x${serial}x${Math.random().toString(36).slice(2, 12)}`.padEnd(32, 'k');
}

/** A record expiring in `seconds`. */
export function recordFor(data: Record<string, string | number>, seconds = 3600, version?: string): SessionRecord {
  return { data, expiresAt: new Date(Date.now() + seconds * 1000), ...(version ? { version } : {}) };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
