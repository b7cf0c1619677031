import { join } from 'node:path';
import { createDbEngine, createSessionsMigration } from '@sessionkit/db';
import { knex, type Knex } from 'knex';
import { TEST_SECRET } from './support/names';

const MIGRATIONS = join(__dirname, '..', 'migrations');

describe('migrations', () => {
  let db: Knex;
  beforeEach(() => {
    db = knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  });
  afterEach(() => db.destroy());

  it('the shipped knex migration file creates the table the engine uses, and rolls back', async () => {
    const [, applied] = await db.migrate.latest({ directory: MIGRATIONS, loadExtensions: ['.js'] });
    expect(applied).toEqual([
      '20260101000000_create_sessionkit_sessions.js',
      '20261205000000_add_sessionkit_sessions_version.js',
    ]);
    const engine = createDbEngine({ knex: db, secret: TEST_SECRET });
    await engine.create('migratedkey00000', { data: { ok: true }, expiresAt: new Date(Date.now() + 60_000) });
    expect((await engine.load('migratedkey00000'))?.data).toEqual({ ok: true });
    const indexes = await db.raw(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessionkit_sessions'",
    );
    expect(indexes.map((row: { name: string }) => row.name)).toContain('sessionkit_sessions_expires_at_idx');
    expect(await db.schema.hasColumn('sessionkit_sessions', 'version')).toBe(true);
    await db.migrate.rollback({ directory: MIGRATIONS, loadExtensions: ['.js'] });
    expect(await db.schema.hasTable('sessionkit_sessions')).toBe(false);
  });

  it('the version migration adds the column to a table the first migration made before it existed', async () => {
    // The state of an app that ran only the first shipped migration, from an earlier release
    // (whose table had no version column).
    await db.migrate.up({ directory: MIGRATIONS, loadExtensions: ['.js'] });
    await db.schema.alterTable('sessionkit_sessions', (table) => table.dropColumn('version'));
    expect(await db.schema.hasColumn('sessionkit_sessions', 'version')).toBe(false);
    await db.migrate.latest({ directory: MIGRATIONS, loadExtensions: ['.js'] });
    expect(await db.schema.hasColumn('sessionkit_sessions', 'version')).toBe(true);
    const engine = createDbEngine({ knex: db, secret: TEST_SECRET });
    await engine.create('migratedkey00000', { data: {}, expiresAt: new Date(Date.now() + 60_000), version: 'v1' });
    expect((await engine.load('migratedkey00000'))?.version).toBe('v1');
    // Rolling back the version migration alone drops the column and keeps the table.
    await db.migrate.down({ directory: MIGRATIONS, loadExtensions: ['.js'] });
    expect(await db.schema.hasColumn('sessionkit_sessions', 'version')).toBe(false);
    expect(await db.schema.hasTable('sessionkit_sessions')).toBe(true);
  });

  it('createSessionsMigration takes custom names; engine.migrate() is idempotent', async () => {
    const names = { tableName: 'app_sessions', columns: { key: 'k', data: 'd', expiry: 'e', version: 'v' } };
    await createSessionsMigration(names).up(db);
    const engine = createDbEngine({ knex: db, secret: TEST_SECRET, ...names });
    await engine.migrate();
    await engine.migrate();
    const columns = await db.raw('SELECT name, type, pk, "notnull" FROM pragma_table_info(\'app_sessions\')');
    expect(columns).toEqual([
      { name: 'k', type: 'varchar(64)', pk: 1, notnull: 1 },
      { name: 'd', type: 'TEXT', pk: 0, notnull: 1 },
      { name: 'e', type: 'datetime', pk: 0, notnull: 1 },
      { name: 'v', type: 'varchar(64)', pk: 0, notnull: 0 },
    ]);
  });
});
