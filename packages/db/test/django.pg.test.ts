import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { describeWithService } from '@sessionkit/test-services';
import type { Knex } from 'knex';
import { describeWithDjango, DjangoProject, postgresDatabase } from './support/django';
import { djangoInteropCases } from './support/django-interop';
import { TEST_SECRET, uniqueName } from './support/names';
import { serverKnex } from './support/servers';

// Django creates django_session (manage.py migrate sessions) in a schema of this file's own.
describeWithService('pg', 'Django interop on PostgreSQL', (url) => {
  describeWithDjango('with psycopg2', ['psycopg2'], (version) => {
    const schema = uniqueName('sk_django');
    let admin: Knex;
    let engine: DbEngine;
    let isoEngine: DbEngine;
    let django: DjangoProject;
    beforeAll(async () => {
      admin = serverKnex('pg', url);
      await admin.raw(`CREATE SCHEMA ${schema}`);
      django = new DjangoProject(postgresDatabase(url, schema));
      await django.manage('migrate', 'sessions', '--verbosity', '0');
      engine = createDbEngine({
        knex: admin,
        tableName: `${schema}.django_session`,
        secret: TEST_SECRET,
        djangoCompatible: true,
      });
      await engine.migrate(); // a no-op: Django's table is already there
      isoEngine = createDbEngine({
        knex: admin,
        tableName: `${schema}.django_session`,
        secret: TEST_SECRET,
        djangoCompatible: true,
        djangoExpiry: 'iso',
      });
    }, 60_000);
    afterAll(async () => {
      await admin.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.destroy();
      django.dispose();
    });

    djangoInteropCases(() => ({ engine, isoEngine, django, version }));

    it('stores expire_date as timestamptz', async () => {
      const { rows } = await admin.raw(
        "SELECT data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = 'django_session' AND column_name = 'expire_date'",
        [schema],
      );
      expect(rows).toEqual([{ data_type: 'timestamp with time zone' }]);
    });
  });
});
