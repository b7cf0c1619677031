import { dumps, Session } from '@sessionkit/core';
import { DJANGO_SIGNED_COOKIES_SALT, EXPIRES_AT_KEY } from '@sessionkit/signed-cookie';
import { rig, SECRET, T0 } from './support/fixtures.js';

/** A value as Django writes it: no embedded expiry, dated by the rig's clock. */
function djangoValue(clockMs: number, data: Record<string, string | number>): string {
  return dumps(data, { key: SECRET, salt: DJANGO_SIGNED_COOKIES_SALT, compress: true, clock: { now: () => clockMs } });
}

describe('expiresAt travels inside the signed dict', () => {
  test('to the millisecond, and the reserved key is not handed back as data', async () => {
    const r = rig();
    const expiresAt = new Date(T0 + 1234);
    const value = await r.engine.create('k', { data: { a: 1 }, expiresAt });
    const record = await r.engine.load(value);
    expect(record).toEqual({ data: { a: 1 }, expiresAt });
    r.clock.advance(1233);
    expect(await r.engine.load(value)).not.toBeNull();
    r.clock.advance(1);
    expect(await r.engine.load(value)).toBeNull();
  });

  test('a caller cannot override it through the data', async () => {
    const r = rig();
    const value = await r.engine.create('k', {
      data: { [EXPIRES_AT_KEY]: T0 + 10 ** 12 },
      expiresAt: new Date(T0 + 1000),
    });
    expect((await r.engine.load(value))?.expiresAt.getTime()).toBe(T0 + 1000);
  });

  test('the whole-second maxAge bound may end a session up to 1 s before save time + maxAge', async () => {
    const r = rig({ maxAge: 3600 });
    r.clock.set(T0 + 700); // saved 0.7 s into a second: the signature says T0
    const session = new Session(r.engine, null, { clock: r.clock, cookieAge: 3600 });
    await session.set('a', 1);
    await session.save();
    const value = session.key ?? '';
    r.clock.set(T0 + 3_600_000);
    expect(await r.engine.load(value)).not.toBeNull();
    r.clock.set(T0 + 3_600_001); // 0.699 s before expiresAt, but the signature is now older than maxAge
    expect(await r.engine.load(value)).toBeNull();
  });
});

describe('values Django issued (no embedded expiry)', () => {
  test('live until the signature is more than maxAge old: exactly maxAge is live, as in Django', async () => {
    const r = rig({ maxAge: 600 });
    const value = djangoValue(T0, { a: 'x' });
    expect(await r.engine.load(value)).toEqual({ data: { a: 'x' }, expiresAt: new Date(T0 + 600_001) });
    r.clock.set(T0 + 600_000);
    expect(await r.engine.load(value)).not.toBeNull();
    r.clock.set(T0 + 600_001);
    expect(await r.engine.load(value)).toBeNull();
  });

  test("`_session_expiry` seconds count from the signature's timestamp (enforced, unlike Django)", async () => {
    const r = rig();
    const value = djangoValue(T0, { a: 'x', _session_expiry: 300 });
    expect((await r.engine.load(value))?.expiresAt).toEqual(new Date(T0 + 300_001));
    r.clock.advance(300_000);
    expect(await r.engine.load(value)).not.toBeNull();
    r.clock.advance(1);
    expect(await r.engine.load(value)).toBeNull();
  });

  test('an ISO `_session_expiry` is that instant', async () => {
    const r = rig();
    const value = djangoValue(T0, { _session_expiry: '2026-11-28T12:10:00.250000+00:00' });
    expect((await r.engine.load(value))?.expiresAt).toEqual(new Date(T0 + 600_250));
  });
});
