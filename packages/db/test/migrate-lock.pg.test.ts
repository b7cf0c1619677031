import { createDbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { TEST_SECRET, uniqueName } from './support/names';
import { serverKnex } from './support/servers';

// migrate() is a schema change run at deploy time: an ALTER waiting on a lock (or copying a
// big table) must not be reported failed by the request deadline while it goes on running.
describeWithService('pg', 'migrate() waiting on a lock, PostgreSQL', (url) => {
  const tableName = uniqueName('sk_migrate_lock');
  let knex: Knex;

  beforeAll(async () => {
    knex = serverKnex('pg', url, { min: 0, max: 4 });
  });
  afterAll(async () => {
    await knex.schema.dropTableIfExists(tableName);
    await knex.destroy();
  });

  it('waits past operationTimeoutMs for the lock, then adds the version column', async () => {
    await createDbEngine({ knex, tableName, secret: TEST_SECRET }).migrate();
    // A table from before version tokens.
    await knex.schema.alterTable(tableName, (table) => table.dropColumn('version'));
    const holder = await knex.transaction();
    await holder.raw(`LOCK TABLE ${tableName} IN ACCESS EXCLUSIVE MODE`);
    const engine = createDbEngine({ knex, tableName, secret: TEST_SECRET, operationTimeoutMs: 200 });
    let settled = false;
    const migrating = engine.migrate().finally(() => {
      settled = true;
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(settled).toBe(false);
    } finally {
      await holder.commit();
    }
    await migrating;
    expect(await knex.schema.hasColumn(tableName, 'version')).toBe(true);
  });
});
