import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { lostUpdateCases } from './support/counter-race';
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

  lostUpdateCases('PostgreSQL', () => engine);
});
