import { createSessionCodec, dumps, SECURITY_LOGGER, Session, TimestampSigner } from '@sessionkit/core';
import { createSignedCookieEngine, DJANGO_SIGNED_COOKIES_SALT } from '@sessionkit/signed-cookie';
import { OLD_SECRET, OTHER_SECRET, rig, SECRET } from './support/fixtures.js';
import { expectRefused, flipChar, lastReason } from './support/tamper.js';

// The checklist's section B, S-01 to S-11: every refusal is null from load, never a throw.
const DATA = { user: 'ada', secretNote: 'marker-b1f4' };
const MARKERS = ['marker-b1f4', SECRET];

describe('S-01 flipped byte', () => {
  test.each([
    ['data part', 3],
    ['timestamp', -46],
    ['signature', -5],
  ])('a flipped character in the %s is refused and logged as a security warning', async (_part, index) => {
    const r = rig();
    const value = await r.seal(DATA);
    const at = index < 0 ? value.length + index : index;
    await expectRefused(r, flipChar(value, at), MARKERS);
    expect(r.log.warnings()).toHaveLength(1);
    expect(r.log.warnings()[0]?.meta).toMatchObject({ logger: SECURITY_LOGGER, reason: 'bad-signature' });
  });
});

describe('S-02 bad length or encoding', () => {
  test('truncated, extended, standard base64 and case-swapped values are refused without a throw', async () => {
    const r = rig();
    const value = await r.seal(DATA);
    const variants = [
      value.slice(0, -1),
      value.slice(1),
      value.slice(0, value.length >> 1),
      `${value}A`,
      value.replace(/-/g, '+').replace(/_/g, '/') + (value.includes('-') || value.includes('_') ? '' : '+'),
      value.slice(0, -43) + value.slice(-43).toUpperCase(),
      value.slice(0, -43) + value.slice(-43).toLowerCase(),
      '',
      ':',
      '::',
    ];
    for (const variant of variants) await expectRefused(r, variant, MARKERS);
  });

  test('a non-string key is refused', async () => {
    const r = rig();
    await expect(r.engine.load(42 as unknown as string)).resolves.toBeNull();
  });
});

describe('S-03 trailing and leading garbage', () => {
  test.each([
    ['val + ".x"', (v: string) => `${v}.x`],
    ['val + "x"', (v: string) => `${v}x`],
    ['"x." + val', (v: string) => `x.${v}`],
    ['"x" + val', (v: string) => `x${v}`],
    ['val + ":x"', (v: string) => `${v}:x`],
  ])('%s is refused', async (_name, mangle) => {
    const r = rig();
    await expectRefused(r, mangle(await r.seal(DATA)), MARKERS);
  });
});

describe('S-04 non-canonical base64url', () => {
  test('padding, whitespace and foreign characters are refused', async () => {
    const r = rig();
    const value = await r.seal(DATA);
    const [payload = '', ...rest] = value.split(':');
    const tail = rest.join(':');
    for (const bad of [`${payload}=`, `${payload}==`, ` ${payload}`, `${payload}\n`, `${payload}*`]) {
      await expectRefused(r, `${bad}:${tail}`, MARKERS);
    }
  });

  test('a correctly signed payload with non-zero trailing bits is refused (strict decoding)', async () => {
    const r = rig();
    // '{"a":1}' is "eyJhIjoxfQ"; "eyJhIjoxfR" decodes to the same bytes in lenient decoders.
    const signer = new TimestampSigner({ key: SECRET, salt: DJANGO_SIGNED_COOKIES_SALT, clock: r.clock });
    await expect(r.engine.load(signer.sign('eyJhIjoxfQ'))).resolves.toMatchObject({ data: { a: 1 } });
    await expectRefused(r, signer.sign('eyJhIjoxfR'));
    expect(lastReason(r)).toBe('undecodable');
  });
});

test('S-05 a value signed with another secret is refused', async () => {
  const other = rig({ secret: OTHER_SECRET });
  const r = rig();
  await expectRefused(r, await other.seal(DATA), MARKERS);
  expect(lastReason(r)).toBe('bad-signature');
});

describe('S-06 secret rotation', () => {
  test('a fallback-signed value is accepted, re-signed with the primary, never issued under the fallback', async () => {
    const old = rig({ secret: OLD_SECRET });
    const rotating = rig({ secret: SECRET, fallbackSecrets: [OLD_SECRET] }, old.clock);
    const primaryOnly = rig({ secret: SECRET }, old.clock);
    const oldOnly = rig({ secret: OLD_SECRET }, old.clock);
    const legacy = await old.seal(DATA);

    const loaded = await rotating.engine.load(legacy);
    expect(loaded?.data).toEqual(DATA);
    // The next save re-signs with the primary: readable without the fallback, not with the old secret.
    const resigned = await rotating.engine.update(legacy, rotating.record({ ...DATA, n: 1 }));
    expect((await primaryOnly.engine.load(resigned))?.data).toEqual({ ...DATA, n: 1 });
    expect(await oldOnly.engine.load(resigned)).toBeNull();
    // Nothing this engine issues is ever signed with the fallback.
    for (let i = 0; i < 5; i++) {
      const issued = await rotating.engine.create('k', rotating.record({ i }));
      expect(await primaryOnly.engine.load(issued)).not.toBeNull();
      expect(await oldOnly.engine.load(issued)).toBeNull();
    }
    // Drop the fallback: the legacy value is refused.
    await expectRefused(primaryOnly, legacy, MARKERS);
  });

  test("through a Session: load under the fallback, save, and the new cookie is the primary's", async () => {
    const old = rig({ secret: OLD_SECRET });
    const rotating = rig({ secret: SECRET, fallbackSecrets: [OLD_SECRET] }, old.clock);
    const legacy = await old.seal({ cart: 3 });
    const session = new Session(rotating.engine, legacy, { clock: old.clock });
    expect(await session.get('cart')).toBe(3);
    await session.set('cart', 4);
    await session.save();
    expect(session.key).not.toBe(legacy);
    const primaryOnly = rig({ secret: SECRET }, old.clock);
    expect((await primaryOnly.engine.load(session.key ?? ''))?.data).toEqual({ cart: 4 });
  });
});

describe('S-07 purpose separation', () => {
  test.each([
    ['signing.dumps with its default salt', () => dumps(DATA, { key: SECRET })],
    ["the stored engines' session codec", () => createSessionCodec({ secret: SECRET }).encode(DATA)],
    [
      'a TimestampSigner for another cookie',
      () => new TimestampSigner({ key: SECRET, salt: 'django.http.cookies' }).sign('eyJ1c2VyIjoiYWRhIn0'),
    ],
  ])('a value from %s, same secret, is refused', async (_name, make) => {
    const r = rig({ clock: undefined });
    await expectRefused(r, make(), MARKERS);
    expect(lastReason(r)).toBe('bad-signature');
  });

  test('an encrypted-mode value is refused by the signed engine and the reverse', async () => {
    const signed = rig();
    const encrypted = rig({ encrypt: true }, signed.clock);
    await expectRefused(signed, await encrypted.seal(DATA), MARKERS);
    await expectRefused(encrypted, await signed.seal(DATA), MARKERS);
  });
});

describe('S-08 expired signature', () => {
  test('older than maxAge is refused without a security warning; exactly maxAge is accepted (Django)', async () => {
    const r = rig({ maxAge: 3600 });
    const value = await r.seal(DATA, 30 * 86_400_000); // the record itself would live on
    r.clock.advance(3600_000);
    expect(await r.engine.load(value)).not.toBeNull();
    r.clock.advance(1000);
    await expectRefused(r, value, MARKERS);
    expect(r.log.warnings()).toHaveLength(0);
    expect(r.log.entries.at(-1)).toMatchObject({ level: 'debug', meta: { reason: 'signature-age' } });
  });

  test('the default maxAge is two weeks', async () => {
    const r = rig();
    const value = await r.seal(DATA, 30 * 86_400_000);
    r.clock.advance(1_209_600_000);
    expect(await r.engine.load(value)).not.toBeNull();
    r.clock.advance(1000);
    expect(await r.engine.load(value)).toBeNull();
  });
});

test('S-09 per-session expiry: setExpiry(300), replayed at +301 s, is refused (Django #19201 fixed)', async () => {
  const r = rig();
  const session = new Session(r.engine, null, { clock: r.clock });
  await session.set('user', 'ada');
  await session.setExpiry(300);
  await session.save();
  const captured = session.key ?? '';
  r.clock.advance(299_000);
  expect((await r.engine.load(captured))?.data).toMatchObject({ user: 'ada', _session_expiry: 300 });
  r.clock.advance(2000);
  await expectRefused(r, captured, MARKERS);
  expect(r.log.entries.at(-1)?.meta).toMatchObject({ reason: 'session-expiry' });
});

test('S-10 a signature from the future: +30 s accepted, +1 h refused as suspicious', async () => {
  const r = rig();
  const ahead30s = rig({}, r.clock);
  r.clock.advance(30_000);
  const fromNearFuture = await ahead30s.seal(DATA);
  r.clock.advance(3_600_000 - 30_000);
  const fromFarFuture = await r.seal(DATA, 7_200_000);
  r.clock.advance(-3_600_000);
  expect(await r.engine.load(fromNearFuture)).not.toBeNull();
  await expectRefused(r, fromFarFuture, MARKERS);
  expect(lastReason(r)).toBe('future-timestamp');
});

test('S-11 replay after logout is accepted until expiry: documented, no revocation is possible', async () => {
  const r = rig();
  const deletes = jest.spyOn(r.engine, 'delete');
  const session = new Session(r.engine, null, { clock: r.clock });
  await session.set('user', 'ada');
  await session.save();
  const captured = session.key ?? '';
  await session.flush(); // logout
  expect(session.key).toBeNull();
  expect(deletes.mock.calls).toEqual([[captured]]); // the engine was told, but has nothing to revoke
  expect(r.engine.capabilities.revocable).toBe(false);
  r.clock.advance(60_000);
  // The captured cookie still loads: the README's replay window (until expiresAt / maxAge).
  expect((await r.engine.load(captured))?.data).toEqual({ user: 'ada' });
  expect(await r.engine.exists(captured)).toBe(false);
});

test('the engine never throws from load, whatever it is given', async () => {
  const r = rig();
  const junk = [undefined, null, {}, [], 'a'.repeat(10_000), '\u0000', '..::..', 'e1.AAAA'];
  for (const value of junk) await expect(r.engine.load(value as unknown as string)).resolves.toBeNull();
  const engine = createSignedCookieEngine({ secret: SECRET });
  await expect(engine.load('x')).resolves.toBeNull();
});
