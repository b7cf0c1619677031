import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { describeWithDjango, DjangoProject, sqliteDatabase } from './support/django';
import { djangoInteropCases } from './support/django-interop';
import { TEST_SECRET } from './support/names';

// sessionkit creates django_session (engine.migrate()); Django uses it as its own.
describeWithDjango('Django interop on SQLite', [], (version) => {
  let dir: string;
  let engine: DbEngine;
  let isoEngine: DbEngine;
  let django: DjangoProject;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sk-dj-sqlite-'));
    const filename = join(dir, 'shared.sqlite3');
    engine = createDbEngine({ filename, secret: TEST_SECRET, djangoCompatible: true });
    await engine.migrate();
    isoEngine = createDbEngine({ filename, secret: TEST_SECRET, djangoCompatible: true, djangoExpiry: 'iso' });
    django = new DjangoProject(sqliteDatabase(filename));
  });
  afterAll(async () => {
    await engine.close();
    await isoEngine.close();
    django.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  djangoInteropCases(() => ({ engine, isoEngine, django, version }));

  it('writes expire_date as naive UTC text with microseconds, as Django does on SQLite', async () => {
    await engine.create('sqlitetextkey000', { data: { a: 1 }, expiresAt: new Date(Date.UTC(2031, 0, 2, 3, 4, 5, 67)) });
    const [row] = await engine.knex('django_session').where('session_key', 'sqlitetextkey000');
    expect(row.expire_date).toBe('2031-01-02 03:04:05.067000');
  });
});
