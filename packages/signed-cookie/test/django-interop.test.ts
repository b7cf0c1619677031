import { randomBytes } from 'node:crypto';
import { type Clock, Session, systemClock } from '@sessionkit/core';
import { createSignedCookieEngine, EXPIRES_AT_KEY } from '@sessionkit/signed-cookie';
import { DJANGO_PYTHON, probeDjango, runDjango } from './support/django.js';

// Interop with Django's own signed_cookies SessionStore (Debian python3-django 3.2).
const probe = probeDjango();
if (!probe.ok && process.env.CI !== 'true') {
  process.stderr.write(`SKIPPING Django interop tests: ${probe.reason}; run: apt-get install python3-django\n`);
}
const describeDjango = probe.ok || process.env.CI === 'true' ? describe : describe.skip;

const ITEMS = {
  greeting: 'Grüße, 世界 — ça va? 🎉',
  nested: { list: [1, 2.5, 'três', { deep: [null, true, false] }], empty: {}, none: [] },
  // ≥ 200 bytes and highly compressible, so Django's side compresses (it always tries).
  story: 'the quick brown fox jumps over the lazy dog; '.repeat(14),
};

describeDjango('Django interop', () => {
  jest.setTimeout(30_000); // each Django call starts a Python process (~1 s)
  const secret = randomBytes(32).toString('hex');
  const clock: Clock = systemClock; // Django signs with its real clock
  const engine = createSignedCookieEngine({ secret, clock });

  test(`Django is importable by ${DJANGO_PYTHON} (CI runs these tests, never skips them)`, () => {
    expect(probe).toMatchObject({ ok: true });
  });

  test('a value Django saved is read by sessionkit', () => {
    const { value } = runDjango({ op: 'save', secret, items: ITEMS });
    expect(value.startsWith('.')).toBe(true); // Django compressed it
    return expect(engine.load(value)).resolves.toMatchObject({ data: ITEMS });
  });

  test("Django's set_expiry(300) is enforced by sessionkit from the signature's timestamp", async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const { value } = runDjango({ op: 'save', secret, items: { a: 1 }, expiry: 300 });
    const record = await engine.load(value);
    expect(record?.data).toEqual({ a: 1, _session_expiry: 300 });
    const expiresAt = record?.expiresAt.getTime() ?? 0;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 300_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
  });

  test.each([
    ['uncompressed', { compress: false }, false],
    ['compressed', { compressThreshold: 0 }, true],
  ])('a sessionkit value, %s, is read by Django', async (_name, options, compressed) => {
    const writer = createSignedCookieEngine({ secret, clock, ...options });
    const value = await writer.create('k', { data: ITEMS, expiresAt: new Date(Date.now() + 3_600_000) });
    expect(value.startsWith('.')).toBe(compressed);
    const answer = runDjango({ op: 'load', secret, value });
    expect(answer.ok).toBe(true);
    const { [EXPIRES_AT_KEY]: embedded, ...data } = answer.data;
    expect(data).toEqual(ITEMS);
    expect(typeof embedded).toBe('number'); // Django carries the reserved key along, unused
  });

  test('a sessionkit Session with setExpiry(300) gives Django the same expiry age', async () => {
    const session = new Session(engine, null, { clock });
    await session.set('cart', ['sku-1']);
    await session.setExpiry(300);
    await session.save();
    const answer = runDjango({ op: 'load', secret, value: session.key ?? '' });
    expect(answer).toMatchObject({ ok: true, expiry_age: 300, data: { cart: ['sku-1'], _session_expiry: 300 } });
  });

  test('an absolute setExpiry(Date) reaches Django as an ISO string, which only Django >= 4.1 parses', async () => {
    const session = new Session(engine, null, { clock });
    await session.set('a', 1);
    await session.setExpiry(new Date(Date.now() + 600_000));
    await session.save();
    const answer = runDjango({ op: 'load', secret, value: session.key ?? '' });
    expect(answer.ok).toBe(true);
    const expiry = answer.data._session_expiry;
    expect(typeof expiry).toBe('string');
    // Django 3.2 predates ticket #29708 (4.1) and hands the string back from get_expiry_age().
    if (probe.ok && Number(probe.version.split('.')[0]) < 4) expect(answer.expiry_age).toBe(expiry);
    else expect(answer.expiry_age).toBeGreaterThan(590);
  });

  test('rotation across implementations: Django value under a fallback, re-signed for the new Django secret', async () => {
    const { value } = runDjango({ op: 'save', secret, items: { who: 'ada' } });
    const newSecret = randomBytes(32).toString('hex');
    const rotating = createSignedCookieEngine({ secret: newSecret, fallbackSecrets: [secret], clock });
    const record = await rotating.load(value);
    expect(record?.data).toEqual({ who: 'ada' });
    const resigned = await rotating.update(value, { data: { who: 'ada' }, expiresAt: record?.expiresAt ?? new Date() });
    expect(runDjango({ op: 'load', secret: newSecret, value: resigned })).toMatchObject({ ok: true });
    expect(runDjango({ op: 'load', secret, value: resigned })).toMatchObject({ ok: false });
  });

  test('Django refuses values it should: another secret, and the encrypted mode', async () => {
    const { value } = runDjango({ op: 'save', secret, items: { a: 1 } });
    expect(runDjango({ op: 'load', secret: `${secret}x`, value })).toMatchObject({ ok: false, data: {} });
    const encrypted = createSignedCookieEngine({ secret, clock, encrypt: true });
    const sealed = await encrypted.create('k', { data: { a: 1 }, expiresAt: new Date(Date.now() + 60_000) });
    expect(runDjango({ op: 'load', secret, value: sealed })).toMatchObject({ ok: false, data: {} });
  });
});

describeDjango('Django interop: the age boundary and values JS numbers cannot carry', () => {
  jest.setTimeout(30_000);
  const secret = randomBytes(32).toString('hex');
  const T = 1_800_000_000; // a whole second: the boundary case
  const AGE = 600;

  test('a Django cookie exactly SESSION_COOKIE_AGE seconds old is live on both sides; one more second, on neither', async () => {
    const { value } = runDjango({ op: 'save', secret, items: { a: 1 }, now: T, cookieAge: AGE });
    const clock = { now: () => (T + AGE) * 1000 };
    const atBoundary = createSignedCookieEngine({ secret, clock, maxAge: AGE });
    expect(runDjango({ op: 'load', secret, value, now: T + AGE, cookieAge: AGE }).ok).toBe(true);
    await expect(atBoundary.load(value)).resolves.toMatchObject({ data: { a: 1 } });
    const later = createSignedCookieEngine({ secret, clock: { now: () => (T + AGE + 1) * 1000 }, maxAge: AGE });
    expect(runDjango({ op: 'load', secret, value, now: T + AGE + 1, cookieAge: AGE }).ok).toBe(false);
    await expect(later.load(value)).resolves.toBeNull();
  });

  test("Django's 2**64, NaN and Infinity load as pythonNumber markers and reach Django unchanged", async () => {
    const { value } = runDjango({
      op: 'save',
      secret,
      items: { user: '42' },
      pythonItems: { big: '2**64', nan: "float('nan')", inf: "float('inf')" },
    });
    const warnings: string[] = [];
    const engine = createSignedCookieEngine({ secret, logger: { warn: (message) => warnings.push(message) } });
    const record = await engine.load(value);
    expect(record?.data).toEqual({
      user: '42',
      big: { $pythonNumber: '18446744073709551616' },
      nan: { $pythonNumber: 'NaN' },
      inf: { $pythonNumber: 'Infinity' },
    });
    expect(warnings).toEqual([expect.stringMatching(/^session cookie holds 3 number\(s\)/)]);
    const session = new Session(engine, value);
    await session.set('seen', true);
    await session.save();
    const answer = runDjango({ op: 'load', secret, value: session.key ?? '', reprOnly: ['nan', 'inf'] });
    expect(answer.reprs).toEqual({
      user: "'42'",
      big: '18446744073709551616',
      nan: 'nan',
      inf: 'inf',
      seen: 'True',
      _session_expires_at: expect.any(String),
    });
  });
});
