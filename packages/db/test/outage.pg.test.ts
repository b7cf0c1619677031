import { EngineUnavailableError, UpdateError } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { TEST_SECRET, uniqueName } from './support/names';
import { serverKnex } from './support/servers';
import { waitFor } from './support/wait';

const KEY = 'outagekey0000000000000000000000a';
const DEADLINE_MS = 2000;

/**
 * "Outage is not missing": the engine's PostgreSQL backend is terminated between load and
 * update, and its role's connection limit is 0, so no fresh connection can take over. The
 * server itself keeps running for everyone else. The update meets either the dead connection
 * or, when the pool has already dropped it, "too many connections" (53300): both an outage.
 * Not NOLOGIN: a role refused at login is refused credentials (28000), a misconfiguration
 * (misconfigured.test.ts), and which of the two the update met was a race.
 */
describeWithService('pg', 'db engine on PostgreSQL: a killed connection is an outage', (url) => {
  const role = uniqueName('sk_outage');
  const tableName = uniqueName('sk_outage');
  let admin: Knex;

  beforeAll(async () => {
    admin = serverKnex('pg', url);
    await admin.raw(`CREATE ROLE ${role} LOGIN`);
    await createDbEngine({ knex: admin, tableName, secret: TEST_SECRET }).migrate();
    await admin.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${tableName} TO ${role}`);
  });
  afterAll(async () => {
    await admin.schema.dropTableIfExists(tableName);
    await admin.raw(`DROP ROLE IF EXISTS ${role}`);
    await admin.destroy();
  });

  it('update after pg_terminate_backend is EngineUnavailableError within the deadline, and the row is intact', async () => {
    const roleUrl = new URL(url);
    roleUrl.username = role;
    const knex = serverKnex('pg', roleUrl.toString(), { min: 0, max: 1 });
    const engine = createDbEngine({ knex, tableName, secret: TEST_SECRET, operationTimeoutMs: DEADLINE_MS });
    try {
      const expiresAt = new Date(Date.now() + 3_600_000);
      await engine.create(KEY, { data: { v: 'before' }, expiresAt });
      expect((await engine.load(KEY))?.data).toEqual({ v: 'before' });

      const [{ pid }] = (await knex.raw('SELECT pg_backend_pid() AS pid')).rows;
      await admin.raw(`ALTER ROLE ${role} CONNECTION LIMIT 0`);
      const killed = await admin.raw('SELECT pg_terminate_backend(?) AS ok', [pid]);
      expect(killed.rows[0].ok).toBe(true);

      const started = Date.now();
      const error = await engine.update(KEY, { data: { v: 'after' }, expiresAt }).catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(error).not.toBeInstanceOf(UpdateError);
      expect(error).toBeInstanceOf(EngineUnavailableError);
      expect((error as Error).cause).toBeDefined();
      expect(elapsed).toBeLessThan(DEADLINE_MS + 500);

      await admin.raw(`ALTER ROLE ${role} CONNECTION LIMIT -1`);
      const reader = createDbEngine({ knex: admin, tableName, secret: TEST_SECRET });
      expect((await reader.load(KEY))?.data).toEqual({ v: 'before' });
    } finally {
      await admin.raw(`ALTER ROLE ${role} CONNECTION LIMIT -1`);
      await knex.destroy();
    }
  });

  it('an UPDATE in flight when its backend is terminated is EngineUnavailableError, never UpdateError', async () => {
    const knex = serverKnex('pg', url, { min: 0, max: 1 });
    const engine = createDbEngine({ knex, tableName, secret: TEST_SECRET, operationTimeoutMs: DEADLINE_MS });
    const key = 'inflightkey000000000000000000000';
    const expiresAt = new Date(Date.now() + 3_600_000);
    try {
      await engine.create(key, { data: { v: 'before' }, expiresAt });
      const [{ pid }] = (await knex.raw('SELECT pg_backend_pid() AS pid')).rows;
      await admin.transaction(async (trx) => {
        // Hold the row, so the engine's UPDATE is waiting on the server when its backend dies.
        await trx.raw(`SELECT 1 FROM ${tableName} FOR UPDATE`);
        const started = Date.now();
        const pending = engine.update(key, { data: { v: 'after' }, expiresAt }).catch((e: unknown) => e);
        await waitFor(
          async () =>
            (await admin.raw('SELECT wait_event_type FROM pg_stat_activity WHERE pid = ?', [pid])).rows[0]
              ?.wait_event_type === 'Lock',
        );
        await admin.raw('SELECT pg_terminate_backend(?)', [pid]);
        const error = await pending;
        expect(error).not.toBeInstanceOf(UpdateError);
        expect(error).toBeInstanceOf(EngineUnavailableError);
        expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 500);
        await trx.rollback();
      });
      expect((await createDbEngine({ knex: admin, tableName, secret: TEST_SECRET }).load(key))?.data).toEqual({
        v: 'before',
      });
    } finally {
      await knex.destroy();
    }
  });
});
