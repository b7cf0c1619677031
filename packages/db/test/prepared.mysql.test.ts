import { CreateError, plainJsonCodec } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { uniqueName } from './support/names';
import { serverKnex } from './support/servers';

const HOUR = 3_600_000;
const KEY = 'preparedkey000000000000000000000';

describeWithService('mysql', 'db engine on MariaDB/MySQL: server-side prepared statements through mysql2', (url) => {
  const table = uniqueName('sk_prep');
  let knex: Knex;

  beforeAll(() => {
    // One connection, so the session counters below are the engine's own.
    knex = serverKnex('mysql', url, { min: 0, max: 1 });
  });
  afterAll(async () => {
    await knex.schema.dropTableIfExists(table);
    await knex.destroy();
  });

  async function counter(name: string): Promise<number> {
    const [rows] = await knex.raw(`SHOW SESSION STATUS LIKE '${name}'`);
    return Number((rows as { Value: string }[])[0]?.Value);
  }

  it('prepares each hot-path statement once per connection and executes it from then on', async () => {
    const engine = createDbEngine({ knex, tableName: table, codec: plainJsonCodec, hashKeys: false });
    await engine.migrate();
    const preparedBefore = await counter('Com_stmt_prepare');
    const executedBefore = await counter('Com_stmt_execute');
    const expiresAt = new Date(Date.now() + HOUR);
    await engine.create(KEY, { data: { n: 0 }, expiresAt });
    for (let i = 1; i <= 5; i++) {
      expect((await engine.load(KEY))?.data).toEqual({ n: i - 1 });
      await engine.update(KEY, { data: { n: i }, expiresAt });
    }
    // insert, load and update: three statements, eleven executions.
    expect((await counter('Com_stmt_prepare')) - preparedBefore).toBe(3);
    expect((await counter('Com_stmt_execute')) - executedBefore).toBe(11);
    // Driver errors map as on the text protocol: a taken key is a CreateError.
    await expect(engine.create(KEY, { data: {}, expiresAt })).rejects.toBeInstanceOf(CreateError);
    expect((await engine.load(KEY))?.data).toEqual({ n: 5 });
  });
});
