// Holds SQLite's write lock for the contention test (LF-10):
//   node --import tsx lock-holder.ts <file> <holdMs>
// Prints "ready"; on "lock" from stdin it runs BEGIN IMMEDIATE, prints "locked",
// keeps the lock for holdMs, commits, prints "released" and exits.
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

const [filename = '', hold = '2000'] = process.argv.slice(2);

async function main(): Promise<void> {
  const db = new Database(filename, { timeout: 5000 });
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line.trim() === 'lock') break;
  lines.close();
  db.exec('BEGIN IMMEDIATE');
  db.prepare(
    "INSERT INTO sessionkit_sessions (session_key, session_data, expires_at) VALUES ('holder', 'x', '2999-01-01 00:00:00.000000')",
  ).run();
  process.stdout.write('locked\n');
  await new Promise((resolve) => setTimeout(resolve, Number(hold)));
  db.exec('COMMIT');
  db.close();
  process.stdout.write('released\n');
}

void main();
