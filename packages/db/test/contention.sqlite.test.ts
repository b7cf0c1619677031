import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDbEngine } from '@sessionkit/db';
import { TEST_SECRET } from './support/names';
import { ScriptProcess } from './support/processes';

const HOLD_MS = 2000;
const RUN_MS = 3500;

interface Outcome {
  ops: number;
  errors: string[];
  busy: number;
  maxLatencyMs: number;
}

/**
 * LF-10: two writer processes on one SQLite file while a third holds the write lock
 * (BEGIN IMMEDIATE) for 2 s. Returns each writer's outcome.
 */
async function contend(filename: string, mode: 'engine' | 'deferred'): Promise<Outcome[]> {
  const holder = new ScriptProcess('lock-holder.ts', [filename, String(HOLD_MS)]);
  const workers = [1, 2].map(
    (id) => new ScriptProcess('contention-worker.ts', [filename, mode, String(id), String(RUN_MS)]),
  );
  try {
    await Promise.all([holder, ...workers].map((p) => p.expectLine('ready')));
    for (const worker of workers) worker.send('go');
    await new Promise((resolve) => setTimeout(resolve, 300)); // both are writing by now
    holder.send('lock');
    await holder.expectLine('locked');
    await holder.expectLine('released', HOLD_MS + 5000);
    return await Promise.all(
      workers.map(async (worker) => JSON.parse(await worker.nextLine(RUN_MS + 10_000)) as Outcome),
    );
  } finally {
    for (const p of [holder, ...workers]) p.stop();
  }
}

describe('SQLite contention between processes (LF-10)', () => {
  let dir: string;
  let filename: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sk-db-lock-'));
    filename = join(dir, 'shared.sqlite3');
    const engine = createDbEngine({ filename, secret: TEST_SECRET });
    await engine.migrate();
    await engine.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the engine waits out a 2 s write lock: no SQLITE_BUSY surfaces', async () => {
    const outcomes = await contend(filename, 'engine');
    for (const outcome of outcomes) {
      expect(outcome.errors).toEqual([]);
      expect(outcome.busy).toBe(0);
      expect(outcome.ops).toBeGreaterThan(20);
      // It really waited on the lock, and not much longer than the lock was held.
      expect(outcome.maxLatencyMs).toBeGreaterThan(HOLD_MS / 2);
      expect(outcome.maxLatencyMs).toBeLessThan(HOLD_MS + 2500);
    }
  }, 30_000);

  it('negative control: deferred read-then-write transactions do get SQLITE_BUSY', async () => {
    const outcomes = await contend(filename, 'deferred');
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
    expect(outcomes.reduce((sum, o) => sum + o.busy, 0)).toBeGreaterThan(0);
  }, 30_000);
});
