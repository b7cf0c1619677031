// Holds SQLite's write lock (BEGIN IMMEDIATE) for LF-10, as another process on the file would:
//   node --import tsx sqlite-lock-holder.ts <file> <holdMs>
// Sends "locked" over IPC once it holds the lock, commits after holdMs and exits.
import Database from 'better-sqlite3';

const [filename = '', hold = '2000'] = process.argv.slice(2);
const db = new Database(filename, { timeout: 5000 });
db.exec('BEGIN IMMEDIATE');
process.send?.('locked');
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
  process.exit(0);
}, Number(hold));
