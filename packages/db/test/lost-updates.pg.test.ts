import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { LF_SHAPE, counterRace, report } from './support/counter-race';
import { TEST_SECRET, uniqueName } from './support/names';
import { serverKnex } from './support/servers';

// LF-2 / LF-3 on PostgreSQL: 10 sessions × 5 clients × 200 increments through node:http.
describeWithService('pg', 'lost updates on PostgreSQL (LF-2, LF-3)', (url) => {
  const tableName = uniqueName('sk_race_pg');
  let knex: Knex;
  let engine: DbEngine;

  beforeAll(async () => {
    knex = serverKnex('pg', url, { min: 0, max: 8 });
    engine = createDbEngine({ knex, tableName, secret: TEST_SECRET });
    await engine.migrate();
  });
  afterAll(async () => {
    await engine?.close();
    await knex?.schema.dropTableIfExists(tableName);
    await knex?.destroy();
  });

  it('optimistic mode loses no acknowledged write; the refused ones are 409s', async () => {
    const figures = await counterRace(engine, 'optimistic', LF_SHAPE);
    report('PostgreSQL', figures);
    expect(figures.errors).toBe(0);
    expect(figures.lost).toBe(0);
    expect(figures.acknowledged + figures.conflicts).toBe(figures.requests);
    expect(figures.conflicts).toBeGreaterThan(0);
  }, 60_000);

  it('last-write-wins (the default) loses acknowledged writes, and the test measures how many', async () => {
    const figures = await counterRace(engine, 'last-write-wins', LF_SHAPE);
    report('PostgreSQL', figures);
    expect(figures.errors).toBe(0);
    expect(figures.conflicts).toBe(0);
    expect(figures.acknowledged).toBe(figures.requests);
    expect(figures.lost).toBeGreaterThan(0);
  }, 60_000);
});
