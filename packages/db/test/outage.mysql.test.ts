import { EngineUnavailableError, UpdateError } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { TEST_SECRET, uniqueName } from './support/names';
import { serverKnex } from './support/servers';
import { waitFor } from './support/wait';

const DEADLINE_MS = 2000;

/**
 * "Outage is not missing" on MariaDB/MySQL, through the prepared-statement path (mysql2's
 * execute): the engine's connection is killed while its UPDATE waits on a row lock.
 */
describeWithService('mysql', 'db engine on MariaDB/MySQL: a killed connection is an outage', (url) => {
  const tableName = uniqueName('sk_outage');
  let admin: Knex;

  beforeAll(async () => {
    admin = serverKnex('mysql', url);
    await createDbEngine({ knex: admin, tableName, secret: TEST_SECRET }).migrate();
  });
  afterAll(async () => {
    await admin.schema.dropTableIfExists(tableName);
    await admin.destroy();
  });

  it('an UPDATE in flight when its connection is killed is EngineUnavailableError, never UpdateError', async () => {
    const knex = serverKnex('mysql', url, { min: 0, max: 1 });
    const engine = createDbEngine({ knex, tableName, secret: TEST_SECRET, operationTimeoutMs: DEADLINE_MS });
    const key = 'inflightkey000000000000000000000';
    const expiresAt = new Date(Date.now() + 3_600_000);
    try {
      await engine.create(key, { data: { v: 'before' }, expiresAt });
      const [[{ id }]] = await knex.raw('SELECT CONNECTION_ID() AS id');
      await admin.transaction(async (trx) => {
        // Hold the row, so the engine's UPDATE is waiting on the server when its connection dies.
        await trx.raw(`SELECT 1 FROM ${tableName} FOR UPDATE`);
        const started = Date.now();
        const pending = engine.update(key, { data: { v: 'after' }, expiresAt }).catch((e: unknown) => e);
        await waitFor(async () => {
          const [rows] = await admin.raw(
            "SELECT trx_state FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ? AND trx_state = 'LOCK WAIT'",
            [id],
          );
          return (rows as unknown[]).length > 0;
        });
        await admin.raw(`KILL ${Number(id)}`);
        const error = await pending;
        expect(error).not.toBeInstanceOf(UpdateError);
        expect(error).toBeInstanceOf(EngineUnavailableError);
        expect((error as Error).cause).toBeDefined();
        expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 500);
        await trx.rollback();
      });
      const reader = createDbEngine({ knex: admin, tableName, secret: TEST_SECRET });
      expect((await reader.load(key))?.data).toEqual({ v: 'before' });
      // The pool replaces the dead connection: the next call works again.
      await engine.update(key, { data: { v: 'later' }, expiresAt });
      expect((await reader.load(key))?.data).toEqual({ v: 'later' });
    } finally {
      await knex.destroy();
    }
  });
});
