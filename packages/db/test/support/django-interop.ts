import { parseIsoInstant, Session } from '@sessionkit/core';
import type { DbEngine } from '@sessionkit/db';
import type { DjangoProject } from './django';

const NAME = 'Zoë ✓ 日本語 🎉';
const NESTED = { list: [1, 2.5, null, true, { deep: 'ü' }], empty: {}, text: 'a "quoted" \\ line\nbreak' };

/** ms since the epoch of a Python isoformat() string. */
function instant(text: string): number {
  const parsed = parseIsoInstant(text);
  if (parsed === null) throw new Error(`not an ISO instant: ${text}`);
  return parsed.getTime();
}

/**
 * Both directions of sharing one `django_session` table with real Django. `env()` gives the
 * djangoCompatible engine and the Django project on the same database.
 */
export interface InteropEnv {
  engine: DbEngine;
  /** The same table, with `djangoExpiry: 'iso'`. */
  isoEngine: DbEngine;
  django: DjangoProject;
  version: string;
}

export function djangoInteropCases(env: () => InteropEnv): void {
  it('a session Django saves (non-ASCII, nested, set_expiry) is read by sessionkit, data and expiry', async () => {
    const { engine, django } = env();
    const saved = await django.run<{ key: string; row: string }>(
      `s = SessionStore()
s['name'] = inp['name']
s['nested'] = inp['nested']
s.set_expiry(600)
s.save()
out({'key': s.session_key, 'row': Session.objects.get(pk=s.session_key).expire_date.isoformat()})`,
      { name: NAME, nested: NESTED },
    );
    const loaded = await engine.load(saved.key);
    expect(loaded?.data).toEqual({ name: NAME, nested: NESTED, _session_expiry: 600 });
    expect(loaded?.expiresAt.getTime()).toBe(instant(saved.row));
    const session = new Session(engine, saved.key);
    expect(await session.get('name')).toBe(NAME);
    expect(await session.getExpiryAge()).toBe(600);
  });

  it('an expired Django row is not served (by Django or sessionkit), though it is still in the table', async () => {
    const { engine, django } = env();
    const saved = await django.run<{ key: string; djangoLoads: Record<string, unknown> }>(
      `s = SessionStore()
s['doomed'] = True
s.set_expiry(-60)
s.save()
out({'key': s.session_key, 'djangoLoads': SessionStore(session_key=s.session_key).load()})`,
    );
    expect(saved.djangoLoads).toEqual({});
    expect(await engine.load(saved.key)).toBeNull();
    expect(await engine.exists(saved.key)).toBe(false);
    const { schema, table, key } = engine.layout;
    const rows = await engine.knex(schema === undefined ? table : `${schema}.${table}`).where(key, saved.key);
    expect(rows).toHaveLength(1);
  });

  it('a session sessionkit saves is read by Django: data, key and absolute expiry; Django can save it back', async () => {
    const { engine, django } = env();
    const session = new Session(engine, null);
    await session.set('name', NAME);
    await session.set('nested', NESTED);
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 7_200_123);
    await session.setExpiry(expiresAt);
    await session.save();
    const key = session.key as string;

    const read = await django.run<{
      data: Record<string, unknown>;
      key: string | null;
      row: string;
      expiry: string;
      browserClose: boolean;
      savedRow: string;
    }>(
      `s = SessionStore(session_key=inp)
res = {'data': dict(s.items()), 'key': s.session_key, 'row': Session.objects.get(pk=inp).expire_date.isoformat(),
       'expiry': s.get_expiry_date().isoformat(), 'browserClose': s.get_expire_at_browser_close()}
s['from_django'] = 'ok'
s.save()
res['savedRow'] = Session.objects.get(pk=inp).expire_date.isoformat()
out(res)`,
      key,
    );
    expect(read.key).toBe(key);
    const { _session_expiry: stored, ...data } = read.data;
    expect(data).toEqual({ name: NAME, nested: NESTED });
    // Written as the seconds left (what Django 3.2 can read), rounded up.
    expect(stored).toEqual(expect.any(Number));
    expect(stored).toBeGreaterThan(7190);
    expect(stored).toBeLessThanOrEqual(7201);
    expect(instant(read.row)).toBe(expiresAt.getTime());
    expect(Math.abs(instant(read.expiry) - expiresAt.getTime())).toBeLessThan(5000);
    expect(read.browserClose).toBe(false);
    expect(Math.abs(instant(read.savedRow) - expiresAt.getTime())).toBeLessThan(5000);

    const back = await engine.load(key);
    expect(back?.data).toMatchObject({ name: NAME, nested: NESTED, from_django: 'ok' });
  });

  it("djangoExpiry 'iso' keeps the absolute instant, which only Django versions that parse it can use", async () => {
    const { isoEngine, django, version } = env();
    const session = new Session(isoEngine, null);
    await session.set('a', 1);
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
    await session.setExpiry(expiresAt);
    await session.save();
    const read = await django.run<{ data: Record<string, unknown>; expiry: string }>(
      `s = SessionStore(session_key=inp)
data = dict(s.items())
try:
    expiry = s.get_expiry_date().isoformat()
except TypeError as error:
    expiry = 'TypeError: ' + str(error)
out({'data': data, 'expiry': expiry})`,
      session.key,
    );
    expect(read.data).toEqual({ a: 1, _session_expiry: expiresAt.toISOString().replace('Z', '000+00:00') });
    const major = Number(version.split('.')[0]);
    if (major < 4) expect(read.expiry).toMatch(/^TypeError/); // Django 3.2 reads only an int (or a pickled datetime)
    if (major >= 5) expect(instant(read.expiry)).toBe(expiresAt.getTime());
  });
}
