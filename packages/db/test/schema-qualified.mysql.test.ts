import { plainJsonCodec } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { uniqueName } from './support/names';
import { serverKnex } from './support/servers';

// knex's MySQL hasColumn drops the schema of a `db.table` name and looks in the connection's
// database: migrate() must ask the right one, or a re-run fails (or checks another table).
describeWithService('mysql', 'migrate() with a database-qualified table name, MySQL/MariaDB', (url) => {
  const database = uniqueName('sk_other_db');
  const table = uniqueName('sk_qualified');
  let knex: Knex;

  beforeAll(async () => {
    knex = serverKnex('mysql', url);
    await knex.raw(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
  });
  afterAll(async () => {
    await knex.raw(`DROP DATABASE IF EXISTS \`${database}\``);
    await knex.schema.dropTableIfExists(table);
    await knex.destroy();
  });

  it('runs again without error and checks the version column in that database', async () => {
    // A table of the same name in the connection's own database, without a version column.
    await knex.schema.createTable(table, (t) => t.string('session_key', 64).primary());
    const engine = createDbEngine({ knex, tableName: `${database}.${table}`, codec: plainJsonCodec });
    await engine.migrate();
    await engine.migrate();
    const key = 'qualifiedkey0123456789abcdefghij';
    await engine.create(key, { data: { a: 1 }, expiresAt: new Date(Date.now() + 60_000), version: 'v1' });
    expect(await engine.load(key)).toMatchObject({ data: { a: 1 }, version: 'v1' });
    // The other database's table was left alone.
    expect(await knex.schema.hasColumn(table, 'version')).toBe(false);
  });
});
