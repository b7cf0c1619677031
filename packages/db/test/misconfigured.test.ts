/**
 * A store that answers but is set up wrong is EngineMisconfiguredError (500, logged at error
 * level with the fix), never a 503: a missing table on SQLite, PostgreSQL and MariaDB, and a
 * PostgreSQL role without privileges or in read-only mode. Real servers, real adapter.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineMisconfiguredError, type SessionEngine, SessionManager } from '@sessionkit/core';
import { withSession } from '@sessionkit/core/express';
import { createDbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { TEST_SECRET, uniqueName } from './support/names';
import { type ServerName, serverKnex } from './support/servers';

const KEY = 'misconfiguredkey0000000000000000';
const expiresAt = (): Date => new Date(Date.now() + 3_600_000);

/** One request through the node adapter that creates a session; the answer and the error lines logged. */
async function createThroughAdapter(
  engine: SessionEngine,
): Promise<{ status: number; body: string; errors: string[] }> {
  const errors: string[] = [];
  const manager = new SessionManager({ engine, logger: { error: (message) => errors.push(message) } });
  const server = createServer(
    withSession(manager, async (req, res) => {
      await req.session.set('user', 1);
      res.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { status: res.status, body: await res.text(), errors };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function expectMissingTable(engine: SessionEngine): Promise<void> {
  const error = await engine.load(KEY).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EngineMisconfiguredError);
  expect((error as Error).message).toMatch(/run `sessionkit migrate`/);
  const answer = await createThroughAdapter(engine);
  expect(answer).toEqual({
    status: 500,
    body: 'Internal Server Error',
    errors: [expect.stringMatching(/^session commit failed: ENGINE_MISCONFIGURED: .*run `sessionkit migrate`/)],
  });
}

describe('db engine on SQLite: misconfiguration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sk-misconfigured-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing table is EngineMisconfiguredError, answered 500 with "run migrate" logged', async () => {
    const engine = createDbEngine({ filename: join(dir, 'never-migrated.sqlite3'), secret: TEST_SECRET });
    try {
      await expectMissingTable(engine);
    } finally {
      await engine.close();
    }
  });
});

for (const server of ['pg', 'mysql'] as const satisfies readonly ServerName[]) {
  describeWithService(server, `db engine on ${server}: misconfiguration`, (url) => {
    let admin: Knex;
    beforeAll(() => {
      admin = serverKnex(server, url);
    });
    afterAll(() => admin.destroy());

    it('a missing table is EngineMisconfiguredError, answered 500 with "run migrate" logged', async () => {
      await expectMissingTable(
        createDbEngine({ knex: admin, tableName: uniqueName('sk_absent'), secret: TEST_SECRET }),
      );
    });
  });
}

describeWithService('pg', 'db engine on PostgreSQL: privileges and read-only', (url) => {
  const role = uniqueName('sk_misconf');
  const tableName = uniqueName('sk_misconf');
  let admin: Knex;
  let asRole: Knex;

  beforeAll(async () => {
    admin = serverKnex('pg', url);
    await admin.raw(`CREATE ROLE ${role} LOGIN`);
    await createDbEngine({ knex: admin, tableName, secret: TEST_SECRET }).migrate();
    const roleUrl = new URL(url);
    roleUrl.username = role;
    asRole = serverKnex('pg', roleUrl.toString(), { min: 0, max: 1 });
  });
  afterAll(async () => {
    await asRole.destroy();
    await admin.schema.dropTableIfExists(tableName);
    await admin.raw(`DROP ROLE IF EXISTS ${role}`);
    await admin.destroy();
  });

  it('permission denied (42501) is EngineMisconfiguredError naming the grant', async () => {
    const engine = createDbEngine({ knex: asRole, tableName, secret: TEST_SECRET });
    const error = await engine.load(KEY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineMisconfiguredError);
    expect((error as Error).message).toMatch(/42501: .*grant SELECT, INSERT, UPDATE, DELETE/);
  });

  it('a read-only transaction (25006) is EngineMisconfiguredError naming a writable primary', async () => {
    await admin.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${tableName} TO ${role}`);
    await admin.raw(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
    const fresh = serverKnex('pg', Object.assign(new URL(url), { username: role }).toString(), { min: 0, max: 1 });
    try {
      const engine = createDbEngine({ knex: fresh, tableName, secret: TEST_SECRET });
      expect(await engine.load(KEY)).toBeNull();
      const error = await engine.create(KEY, { data: { a: 1 }, expiresAt: expiresAt() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineMisconfiguredError);
      expect((error as Error).message).toMatch(/25006: the database is read-only/);
    } finally {
      await fresh.destroy();
    }
  });
});

for (const server of ['pg', 'mysql'] as ServerName[]) {
  describeWithService(server, `db engine on ${server}: refused credentials`, (url) => {
    it('an unknown user is EngineMisconfiguredError naming the credentials, not an outage', async () => {
      const stranger = new URL(url);
      stranger.username = uniqueName('sk_nobody');
      const knex = serverKnex(server, stranger.toString(), { min: 0, max: 1 });
      try {
        const engine = createDbEngine({ knex, tableName: uniqueName('sk_nobody'), secret: TEST_SECRET });
        const error = await engine.load(KEY).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EngineMisconfiguredError);
        expect((error as Error).message).toMatch(/refused the credentials/);
      } finally {
        await knex.destroy();
      }
    });
  });
}
