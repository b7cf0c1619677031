import type { Clock, SessionEngine, SessionRecord } from '@sessionkit/core/engine';
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

/**
 * The engine, with the answer to its next `method` call held back until released. The call
 * itself runs at once; only its caller hears of it later. This is how a request whose db read
 * or write came before another request's change can still be writing the cache after that
 * change has finished: orders that races in real traffic only meet by chance.
 */
export function holdingAnswer<E extends SessionEngine>(
  target: E,
  method: 'load' | 'update',
): { engine: E; answered: Promise<void>; release(): void } {
  return intercept(target, method, async (call, answered, gate) => {
    const answer = await call();
    answered();
    await gate;
    return answer;
  });
}

/** The engine, with its next `method` call itself held back until released (it runs after). */
export function holdingCall<E extends SessionEngine>(
  target: E,
  method: 'update' | 'delete',
): { engine: E; answered: Promise<void>; release(): void } {
  return intercept(target, method, async (call, reached, gate) => {
    reached();
    await gate;
    return call();
  });
}

type Hold = (call: () => Promise<unknown>, reached: () => void, gate: Promise<void>) => Promise<unknown>;

function intercept<E extends SessionEngine>(
  target: E,
  method: string,
  hold: Hold,
): { engine: E; answered: Promise<void>; release(): void } {
  let reached!: () => void;
  let release!: () => void;
  const answered = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let armed = true;
  const engine = new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      // The engines' methods use private fields: they run on the engine itself.
      if (typeof value !== 'function') return value;
      const bound = (value as (...a: unknown[]) => Promise<unknown>).bind(object);
      if (property !== method) return bound;
      return (...args: unknown[]) => {
        if (!armed) return bound(...args);
        armed = false;
        return hold(() => bound(...args), reached, gate);
      };
    },
  });
  return { engine, answered, release };
}
