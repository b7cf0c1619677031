/**
 * Django with USE_TZ = False (its default before 5.0) in America/New_York writes expire_date
 * as naive local time. With `djangoTimeZone` the engine reads and writes the same wall clock;
 * without it, Django's live sessions look expired (the problem the option fixes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, Session } from '@sessionkit/core';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { describeWithDjango, DjangoProject, sqliteDatabase } from './support/django';
import { TEST_SECRET } from './support/names';

const ZONE = 'America/New_York';

describeWithDjango('Django USE_TZ = False in America/New_York, on SQLite', [], () => {
  let dir: string;
  let local: DbEngine;
  let utc: DbEngine;
  let django: DjangoProject;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sk-dj-localtime-'));
    const filename = join(dir, 'shared.sqlite3');
    django = new DjangoProject(sqliteDatabase(filename), { useTz: false, timeZone: ZONE });
    await django.manage('migrate', 'sessions', '--verbosity', '0');
    local = createDbEngine({ filename, secret: TEST_SECRET, djangoCompatible: true, djangoTimeZone: ZONE });
    utc = createDbEngine({ filename, secret: TEST_SECRET, djangoCompatible: true });
  });
  afterAll(async () => {
    await local.close();
    await utc.close();
    django.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a 1-hour Django session is live for an hour with djangoTimeZone (and looks expired without it)', async () => {
    const saved = await django.run<{ key: string; row: string }>(`s = SessionStore()
s['user'] = 'ada'
s.set_expiry(3600)
s.save()
out({'key': s.session_key, 'row': Session.objects.get(pk=s.session_key).expire_date.isoformat()})`);
    expect(saved.row).not.toMatch(/[+-]\d\d:\d\d$|Z$/); // naive, as USE_TZ = False writes it
    const record = await local.load(saved.key);
    expect(record?.data.user).toBe('ada');
    expect(Math.abs((record?.expiresAt.getTime() ?? 0) - (Date.now() + 3_600_000))).toBeLessThan(10_000);
    expect(await utc.load(saved.key)).toBeNull(); // read as UTC it ended hours ago
  });

  it('a session sessionkit saves gets Django-local expire_date: live for its hour in Django, and an expired one is dead', async () => {
    const live = new Session(local, null);
    await live.set('n', 1);
    await live.setExpiry(3600);
    await live.save();
    const dead = new Session(local, null);
    await dead.set('n', 2);
    await dead.save();
    await local
      .knex('django_session')
      .where('session_key', dead.key)
      .update({
        expire_date: (local.dialect.encodeExpiry as (d: Date) => string)(new Date(Date.now() - 60_000)),
      });
    const read = await django.run<{
      live: Record<string, unknown>;
      dead: Record<string, unknown>;
      leftSeconds: number;
    }>(
      `from datetime import datetime
row = Session.objects.get(pk=inp['live'])
out({'live': SessionStore(session_key=inp['live']).load(), 'dead': SessionStore(session_key=inp['dead']).load(),
     'leftSeconds': (row.expire_date - datetime.now()).total_seconds()})`,
      { live: live.key, dead: dead.key },
    );
    expect(read.live).toMatchObject({ n: 1 });
    expect(read.dead).toEqual({});
    expect(Math.abs(read.leftSeconds - 3600)).toBeLessThan(10);
  });

  it('refuses djangoTimeZone without djangoCompatible, and an unknown zone, with ConfigError', () => {
    expect(() => createDbEngine({ filename: ':memory:', secret: TEST_SECRET, djangoTimeZone: ZONE })).toThrow(
      ConfigError,
    );
    expect(() =>
      createDbEngine({
        filename: ':memory:',
        secret: TEST_SECRET,
        djangoCompatible: true,
        djangoTimeZone: 'Mars/Olympus',
      }),
    ).toThrow(/not an IANA time zone/);
  });
});
