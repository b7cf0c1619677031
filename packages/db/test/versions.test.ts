import { SessionConflictError, UpdateError, plainJsonCodec } from '@sessionkit/core';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { uniqueName } from './support/names';
import { type ServerName, serverKnex } from './support/servers';

// Contract v2 on the db engine: the version column, conditional updates, touch, and migrate()
// bringing a table made before version tokens up to date. Run on embedded SQLite and, when
// they are reachable, on PostgreSQL and MariaDB.

const KEY = 'versionkey000000abcdefgh00000000';
const HOUR = 3_600_000;
const later = (ms = HOUR): Date => new Date(Date.now() + ms);

/** The table as @sessionkit/db created it before version tokens: key, data, expiry and the index. */
async function createOldTable(engine: DbEngine): Promise<void> {
  const { layout, dialect, knex } = engine;
  await knex.schema.createTable(layout.table, (table) => {
    dialect.defineColumns(table, layout);
    table.index([layout.expiry], layout.expiryIndex);
  });
}

/** A row written the old way (no version column yet), as plain JSON under the plain key. */
async function insertOldRow(engine: DbEngine, key: string, data: object): Promise<void> {
  const { layout, dialect, knex } = engine;
  await knex(layout.table).insert({
    [layout.key]: key,
    [layout.data]: JSON.stringify(data),
    [layout.expiry]: dialect.encodeExpiry(later()),
  });
}

function versionSuite(open: () => Promise<{ engine: DbEngine; drop: () => Promise<void> }>): void {
  let engine: DbEngine;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ engine, drop } = await open());
  });
  afterEach(async () => {
    await drop();
  });

  it('migrate() adds the version column to an old table, keeping its rows', async () => {
    await createOldTable(engine);
    await insertOldRow(engine, KEY, { kept: true });
    expect(await engine.knex.schema.hasColumn(engine.layout.table, 'version')).toBe(false);
    await engine.migrate();
    await engine.migrate(); // idempotent
    expect(await engine.knex.schema.hasColumn(engine.layout.table, 'version')).toBe(true);
    const loaded = await engine.load(KEY);
    expect(loaded?.data).toEqual({ kept: true });
    expect(loaded).not.toHaveProperty('version');
    // A row stored without a version matches no expected version, and stays intact.
    await expect(
      engine.update(KEY, { data: { lost: true }, expiresAt: later(), version: 'v2' }, { expectedVersion: 'v1' }),
    ).rejects.toBeInstanceOf(SessionConflictError);
    expect((await engine.load(KEY))?.data).toEqual({ kept: true });
    // A plain update still works and stores the version it is given.
    await engine.update(KEY, { data: { n: 1 }, expiresAt: later(), version: 'v1' });
    expect(await engine.load(KEY)).toMatchObject({ data: { n: 1 }, version: 'v1' });
  });

  it('declares optimistic concurrency, stores and returns the version', async () => {
    await engine.migrate();
    expect(engine.capabilities.optimisticConcurrency).toBe(true);
    await engine.create(KEY, { data: { n: 0 }, expiresAt: later(), version: 'v0' });
    expect(await engine.load(KEY)).toMatchObject({ data: { n: 0 }, version: 'v0' });
  });

  it('updates when the expected version matches; a stale one is a conflict that writes nothing', async () => {
    await engine.migrate();
    await engine.create(KEY, { data: { n: 0 }, expiresAt: later(), version: 'v0' });
    await engine.update(KEY, { data: { n: 1 }, expiresAt: later(), version: 'v1' }, { expectedVersion: 'v0' });
    await expect(
      engine.update(KEY, { data: { n: 2 }, expiresAt: later(), version: 'v2' }, { expectedVersion: 'v0' }),
    ).rejects.toBeInstanceOf(SessionConflictError);
    expect(await engine.load(KEY)).toMatchObject({ data: { n: 1 }, version: 'v1' });
  });

  it('compares versions exactly (case matters)', async () => {
    await engine.migrate();
    await engine.create(KEY, { data: {}, expiresAt: later(), version: 'AbC' });
    await expect(
      engine.update(KEY, { data: {}, expiresAt: later(), version: 'x' }, { expectedVersion: 'abc' }),
    ).rejects.toBeInstanceOf(SessionConflictError);
  });

  it('an update identical to the stored row succeeds (MySQL reports 0 changed rows for it)', async () => {
    await engine.migrate();
    const record = { data: { same: true }, expiresAt: later(), version: 'v1' };
    await engine.create(KEY, record);
    await expect(engine.update(KEY, record, { expectedVersion: 'v1' })).resolves.toBe(KEY);
    await expect(engine.update(KEY, record)).resolves.toBe(KEY);
  });

  it('is UpdateError, not a conflict, when no live record exists', async () => {
    await engine.migrate();
    const record = { data: {}, expiresAt: later(), version: 'v1' };
    await expect(engine.update(KEY, record, { expectedVersion: 'v0' })).rejects.toBeInstanceOf(UpdateError);
    await engine.create(KEY, { data: {}, expiresAt: new Date(Date.now() - 1000), version: 'v0' });
    await expect(engine.update(KEY, record, { expectedVersion: 'v0' })).rejects.toBeInstanceOf(UpdateError);
    expect(await engine.load(KEY)).toBeNull();
  });

  it('touch moves the expiry and keeps data and version', async () => {
    await engine.migrate();
    await engine.create(KEY, { data: { a: 'b' }, expiresAt: later(60_000), version: 'v1' });
    const moved = new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * HOUR);
    await engine.touch(KEY, moved);
    expect(await engine.load(KEY)).toEqual({ data: { a: 'b' }, expiresAt: moved, version: 'v1' });
    await engine.touch(KEY, moved); // the same expiry again: still a live row (MySQL reports 0 changed)
  });

  it('touch on a missing or dead key is UpdateError and resurrects nothing', async () => {
    await engine.migrate();
    await expect(engine.touch(KEY, later())).rejects.toBeInstanceOf(UpdateError);
    await engine.create(KEY, { data: {}, expiresAt: new Date(Date.now() - 1000) });
    await expect(engine.touch(KEY, later())).rejects.toBeInstanceOf(UpdateError);
    expect(await engine.load(KEY)).toBeNull();
  });
}

describe('versions and touch on embedded SQLite', () => {
  versionSuite(async () => {
    const engine = createDbEngine({ filename: ':memory:', codec: plainJsonCodec, hashKeys: false });
    return { engine, drop: () => engine.close() };
  });
});

for (const server of ['pg', 'mysql'] as ServerName[]) {
  describeWithService(server, `versions and touch on ${server}`, (url) => {
    let knex: Knex;
    beforeAll(() => {
      knex = serverKnex(server, url);
    });
    afterAll(() => knex.destroy());
    versionSuite(async () => {
      const tableName = uniqueName(`sk_version_${server}`);
      const engine = createDbEngine({ knex, tableName, codec: plainJsonCodec, hashKeys: false });
      return { engine, drop: () => knex.schema.dropTableIfExists(tableName).then(() => undefined) };
    });
  });
}

describe("Django's layout has no version column", () => {
  it('declares no optimistic concurrency, ignores versions, and still touches', async () => {
    const engine = createDbEngine({ filename: ':memory:', djangoCompatible: true, codec: plainJsonCodec });
    await engine.migrate();
    expect(engine.capabilities.optimisticConcurrency).toBe(false);
    expect(await engine.knex.schema.hasColumn('django_session', 'version')).toBe(false);
    await engine.create(KEY, { data: { n: 0 }, expiresAt: later(), version: 'v0' });
    expect(await engine.load(KEY)).not.toHaveProperty('version');
    await engine.update(KEY, { data: { n: 1 }, expiresAt: later(), version: 'v1' }, { expectedVersion: 'other' });
    const moved = new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * HOUR);
    await engine.touch(KEY, moved);
    expect(await engine.load(KEY)).toEqual({ data: { n: 1 }, expiresAt: moved });
    await expect(engine.touch('missingkey000000', moved)).rejects.toBeInstanceOf(UpdateError);
    await engine.close();
  });
});
