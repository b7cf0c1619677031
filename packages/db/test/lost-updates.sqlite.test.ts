import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { LF_SHAPE, counterRace, report } from './support/counter-race';
import { TEST_SECRET } from './support/names';

// LF-2 / LF-3 on embedded SQLite (a WAL file): 10 sessions × 5 clients × 200 increments.
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

  it('optimistic mode loses no acknowledged write; the refused ones are 409s', async () => {
    const figures = await counterRace(engine, 'optimistic', LF_SHAPE);
    report('SQLite', figures);
    expect(figures.errors).toBe(0);
    expect(figures.lost).toBe(0);
    expect(figures.acknowledged + figures.conflicts).toBe(figures.requests);
    expect(figures.conflicts).toBeGreaterThan(0);
  }, 60_000);

  it('last-write-wins (the default) loses acknowledged writes, and the test measures how many', async () => {
    const figures = await counterRace(engine, 'last-write-wins', LF_SHAPE);
    report('SQLite', figures);
    expect(figures.errors).toBe(0);
    expect(figures.conflicts).toBe(0);
    expect(figures.acknowledged).toBe(figures.requests);
    expect(figures.lost).toBeGreaterThan(0);
  }, 60_000);
});
