import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { lostUpdateCases } from './support/counter-race';
import { TEST_SECRET } from './support/names';

// LF-2 / LF-3 on embedded SQLite (a WAL file): 10 sessions × 5 clients × 200 increments;
// here also with handler reruns on conflict.
describe('lost updates on SQLite (LF-2, LF-3)', () => {
  let dir: string;
  let engine: DbEngine;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sk-db-race-'));
    engine = createDbEngine({ filename: join(dir, 'sessions.sqlite3'), secret: TEST_SECRET });
    await engine.migrate();
  });
  afterEach(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  lostUpdateCases('SQLite', () => engine, true);
});
