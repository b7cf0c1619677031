import { randomBytes } from 'node:crypto';
import { plainJsonCodec } from '@sessionkit/core';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { uniqueName } from './support/names';
import { type ServerName, serverKnex } from './support/servers';

const KEY = 'casekey0000abcdefgh0000abcdefgh0';
const HOUR = 3_600_000;

/** Close to 1 MiB of encoded data: the data column must hold it on every dialect. */
async function roundTripsOneMebibyte(engine: DbEngine): Promise<void> {
  const blob = randomBytes(780_000).toString('base64'); // 1,040,000 characters
  await engine.create(KEY, { data: { blob, note: 'ünïcødé ✓' }, expiresAt: new Date(Date.now() + HOUR) });
  const loaded = await engine.load(KEY);
  expect(loaded?.data.blob).toBe(blob);
  expect(loaded?.data.note).toBe('ünïcødé ✓');
}

describe('schema on SQLite', () => {
  it('holds 1 MiB of data', async () => {
    const engine = createDbEngine({ filename: ':memory:', codec: plainJsonCodec });
    await engine.migrate();
    await roundTripsOneMebibyte(engine);
    await engine.close();
  });
});

const EXPECTED_COLUMNS: Record<ServerName, Record<string, string>> = {
  pg: {
    session_key: 'character varying(64) not null',
    session_data: 'text not null',
    expires_at: 'timestamp with time zone(6) not null',
  },
  mysql: {
    session_key: 'varchar(64) utf8mb4_bin not null',
    session_data: 'mediumtext utf8mb4_general_ci not null',
    expires_at: 'datetime(6) not null',
  },
};

async function describeColumns(knex: Knex, server: ServerName, table: string): Promise<Record<string, string>> {
  const result = await knex.raw(
    server === 'pg'
      ? `SELECT column_name AS name, CASE WHEN character_maximum_length IS NOT NULL
           THEN data_type || '(' || character_maximum_length || ')'
           WHEN datetime_precision IS NOT NULL THEN data_type || '(' || datetime_precision || ')'
           ELSE data_type END || ' not null' AS spec
         FROM information_schema.columns WHERE table_name = ? AND is_nullable = 'NO' ORDER BY ordinal_position`
      : `SELECT column_name AS name, CONCAT_WS(' ', column_type, collation_name, 'not null') AS spec
         FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND is_nullable = 'NO'
         ORDER BY ordinal_position`,
    [table],
  );
  const rows: { name: string; spec: string }[] = server === 'pg' ? result.rows : result[0];
  return Object.fromEntries(rows.map((row) => [row.name, row.spec]));
}

for (const server of ['pg', 'mysql'] as ServerName[]) {
  describeWithService(server, `schema on ${server}`, (url) => {
    const tableName = uniqueName(`sk_schema_${server}`);
    let knex: Knex;
    let engine: DbEngine;
    beforeAll(async () => {
      knex = serverKnex(server, url);
      engine = createDbEngine({ knex, tableName, codec: plainJsonCodec, hashKeys: false });
      await engine.migrate();
    });
    afterAll(async () => {
      await knex.schema.dropTableIfExists(tableName);
      await knex.destroy();
    });

    it('has a 64-character key primary key, a text column of 1 MiB or more, and an indexed expiry', async () => {
      const columns = await describeColumns(knex, server, tableName);
      const expected = { ...EXPECTED_COLUMNS[server] };
      if (server === 'mysql') expected.session_data = expect.stringMatching(/^mediumtext utf8mb4_\w+ not null$/);
      expect(columns).toEqual(expected);
      const indexes =
        server === 'pg'
          ? (await knex.raw('SELECT indexdef AS def FROM pg_indexes WHERE tablename = ?', [tableName])).rows
          : (await knex.raw(`SHOW INDEX FROM ${tableName}`))[0].map(
              (row: { Key_name: string; Column_name: string }) => ({
                def: `${row.Key_name} (${row.Column_name})`,
              }),
            );
      const defs = indexes.map((row: { def: string }) => row.def).join('\n');
      expect(defs).toMatch(/PRIMARY|_pkey/);
      expect(defs).toContain(`${tableName}_expires_at_idx`);
    });

    it('holds 1 MiB of data', async () => {
      await knex(tableName).del();
      await roundTripsOneMebibyte(engine);
    });

    it('never matches a case variant of a live key', async () => {
      await knex(tableName).del();
      await engine.create(KEY, { data: { owner: 'lower' }, expiresAt: new Date(Date.now() + HOUR) });
      expect(await engine.load(KEY.toUpperCase())).toBeNull(); // refused before SQL
      expect(await engine.exists(KEY.toUpperCase())).toBe(false);
      // And the column itself compares bytes: the upper-case variant finds no row even in raw SQL.
      expect(await knex(tableName).where('session_key', KEY.toUpperCase()).select('session_key')).toEqual([]);
      expect(await knex(tableName).where('session_key', KEY).select('session_key')).toHaveLength(1);
    });
  });
}
