import { CreateError, plainJsonCodec } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { uniqueName } from './support/names';
import { serverKnex } from './support/servers';

const HOUR = 3_600_000;

describeWithService('pg', 'db engine on PostgreSQL: named prepared statements on knex connections', (url) => {
  const tables = [uniqueName('sk_prep'), uniqueName('sk_prep')];
  let knex: Knex;

  beforeAll(() => {
    // One connection, so every statement below runs on the session pg_prepared_statements shows.
    knex = serverKnex('pg', url, { min: 0, max: 1 });
  });
  afterAll(async () => {
    for (const table of tables) await knex.schema.dropTableIfExists(table);
    await knex.destroy();
  });

  it('prepares each statement once per connection, distinct per table, and maps errors as before', async () => {
    const [first, second] = tables.map((tableName) =>
      createDbEngine({ knex, tableName, codec: plainJsonCodec, hashKeys: false }),
    );
    if (first === undefined || second === undefined) throw new Error('two engines');
    for (const engine of [first, second]) await engine.migrate();
    const expiresAt = new Date(Date.now() + HOUR);
    // Two engines on one pool, same statement kinds, different tables: names must not collide.
    for (const engine of [first, second]) {
      await engine.create('preparedkey000000000000000000000', { data: { n: 0 }, expiresAt });
      for (let i = 1; i <= 5; i++) {
        expect((await engine.load('preparedkey000000000000000000000'))?.data).toEqual({ n: i - 1 });
        await engine.update('preparedkey000000000000000000000', { data: { n: i }, expiresAt });
      }
    }
    await expect(first.create('preparedkey000000000000000000000', { data: {}, expiresAt })).rejects.toBeInstanceOf(
      CreateError,
    );
    const { rows } = await knex.raw('SELECT name, statement FROM pg_prepared_statements ORDER BY name');
    const names = rows.map((row: { name: string }) => row.name);
    expect(new Set(names).size).toBe(names.length);
    for (const table of tables) {
      const own = rows.filter((row: { statement: string }) => row.statement.includes(`"${table}"`));
      // insert, load, update, and reclaim (the create over a taken key tried it) on the first.
      expect(own.length).toBeGreaterThanOrEqual(3);
    }
    expect(rows.length).toBe(7);
  });
});
