// A writer process for the SQLite contention test (LF-10). Run with tsx:
//   node --conditions=@sessionkit/source --import tsx contention-worker.ts <file> <engine|deferred> <id> <durationMs>
// Prints "ready", writes for durationMs, then prints one JSON line of results.
import { createInterface } from 'node:readline';
import { createDbEngine } from '@sessionkit/db';
import Database from 'better-sqlite3';
import { TEST_SECRET } from './names';

interface Outcome {
  ops: number;
  errors: string[];
  busy: number;
  maxLatencyMs: number;
}

const [filename = '', mode = 'engine', id = '0', duration = '4000'] = process.argv.slice(2);
const durationMs = Number(duration);
const MAX_OPS = 5000;

function busyCode(error: unknown): string | undefined {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY') ? code : undefined;
}

async function runEngine(outcome: Outcome): Promise<void> {
  const engine = createDbEngine({ filename, secret: TEST_SECRET });
  const expiresAt = (): Date => new Date(Date.now() + 3_600_000);
  await engine.load('warmupkey0000000'); // prepares the load statement before the clock starts
  const until = await signalReady();
  for (let i = 0; Date.now() < until && i < MAX_OPS; i++) {
    const key = `w${id}k${String(i).padStart(10, '0')}`;
    const started = Date.now();
    try {
      await engine.create(key, { data: { i, by: id }, expiresAt: expiresAt() });
      await engine.update(key, { data: { i, by: id, again: true }, expiresAt: expiresAt() });
      if ((await engine.load(key)) === null) throw new Error('a written session did not load');
      outcome.ops += 1;
    } catch (error) {
      if (busyCode(error)) outcome.busy += 1;
      outcome.errors.push(`${(error as Error).name}: ${(error as Error).message}`);
    }
    outcome.maxLatencyMs = Math.max(outcome.maxLatencyMs, Date.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await engine.close();
}

/** The negative control: read first, then write, in a deferred transaction. */
async function runDeferred(outcome: Outcome): Promise<void> {
  const db = new Database(filename, { timeout: 5000 });
  const read = db.prepare('SELECT count(*) AS n FROM sessionkit_sessions');
  const write = db.prepare(
    "INSERT INTO sessionkit_sessions (session_key, session_data, expires_at) VALUES (?, 'x', '2999-01-01 00:00:00.000000')",
  );
  const until = await signalReady();
  for (let i = 0; Date.now() < until && i < MAX_OPS; i++) {
    const started = Date.now();
    try {
      db.exec('BEGIN DEFERRED');
      read.get();
      write.run(`d${id}k${i}`);
      db.exec('COMMIT');
      outcome.ops += 1;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (busyCode(error)) outcome.busy += 1;
      else outcome.errors.push(String(error));
    }
    outcome.maxLatencyMs = Math.max(outcome.maxLatencyMs, Date.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  db.close();
}

/** Says "ready", waits for "go" on stdin (both workers start together), returns when to stop. */
async function signalReady(): Promise<number> {
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line.trim() === 'go') break;
  lines.close();
  return Date.now() + durationMs;
}

async function main(): Promise<void> {
  const outcome: Outcome = { ops: 0, errors: [], busy: 0, maxLatencyMs: 0 };
  try {
    await (mode === 'deferred' ? runDeferred(outcome) : runEngine(outcome));
  } catch (error) {
    outcome.errors.push(String(error));
  }
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

void main();
