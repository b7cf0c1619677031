import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { TEST_SECRET, uniqueName } from './support/names';
import { serverKnex } from './support/servers';

// A row made live while clearExpired's DELETE waits for its lock must survive: PostgreSQL
// re-checks only the outer WHERE of a waiting DELETE, so the expiry has to be there too.
describeWithService('pg', 'clearExpired racing a takeover of the dead key, PostgreSQL', (url) => {
  const tableName = uniqueName('sk_clear_race_pg');
  let knex: Knex;
  let engine: DbEngine;
  let now = Date.now();

  beforeAll(async () => {
    knex = serverKnex('pg', url, { min: 0, max: 4 });
    engine = createDbEngine({ knex, tableName, secret: TEST_SECRET, clock: { now: () => now } });
    await engine.migrate();
  });
  afterAll(async () => {
    await engine?.close();
    await knex?.schema.dropTableIfExists(tableName);
    await knex?.destroy();
  });

  it('leaves a row that became live while the DELETE waited for it', async () => {
    const key = 'takeoverkey0123456789abcdefghijk';
    await engine.create(key, { data: { old: true }, expiresAt: new Date(now + 1000) });
    now += 5000;
    // Another writer (Django's save, or a create taking over the dead key) holds the row,
    // already made live, in a transaction not yet committed.
    const writer = await knex.transaction();
    const updated = await writer(tableName)
      .update({ expires_at: new Date(now + 3_600_000).toISOString() })
      .where('expires_at', '<=', new Date(now).toISOString());
    expect(updated).toBe(1);
    const clearing = engine.clearExpired();
    // Long enough for the DELETE to be waiting on the row lock.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await writer.commit();
    expect(await clearing).toBe(0);
    expect(await knex(tableName).count({ rows: '*' })).toEqual([{ rows: '1' }]);
  });
});
