import { inflateSync } from 'node:zlib';
import { b64Decode, b64Encode, dumps, pythonJsonDumps, Session, type SessionData, TimestampSigner } from '@sessionkit/core';
import { DJANGO_SIGNED_COOKIES_SALT, EXPIRES_AT_KEY } from '@sessionkit/signed-cookie';
import { rig, SECRET, T0 } from './support/fixtures.js';
import { expectRefused, lastReason } from './support/tamper.js';

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

describe('the embedded expiry is spelled as JSON.stringify spells the number', () => {
  test.each([-62_135_596_800_000, -1, 0, 9, 10, 1_234_567_890_123, 8.64e15])('%d ms', async (ms) => {
    const r = rig();
    for (const data of [{}, { a: 'é', b: [1] }] as SessionData[]) {
      const value = await r.engine.create('k', { data, expiresAt: new Date(ms) });
      const payload = value.slice(0, value.indexOf(':'));
      const bytes = payload.startsWith('.') ? inflateSync(b64Decode(payload.slice(1))) : b64Decode(payload);
      expect(bytes.toString('latin1')).toBe(pythonJsonDumps({ ...data, [EXPIRES_AT_KEY]: ms }));
    }
  });
});

describe('the embedded expiry read back from the end of the JSON', () => {
  /** A value of the signed format around exactly this JSON text, dated by the rig's clock. */
  function signedText(r: ReturnType<typeof rig>, text: string): string {
    const signer = new TimestampSigner({ key: SECRET, salt: DJANGO_SIGNED_COOKIES_SALT, clock: r.clock });
    return signer.sign(b64Encode(Buffer.from(text, 'latin1')));
  }
  const later = T0 + 60_000;

  test.each([
    ['after other keys', `{"a":1,"${EXPIRES_AT_KEY}":${later}}`, { a: 1 }],
    ['alone', `{"${EXPIRES_AT_KEY}":${later}}`, {}],
    ['twice (JSON.parse keeps the last)', `{"a":1,"${EXPIRES_AT_KEY}":5,"${EXPIRES_AT_KEY}":${later}}`, { a: 1 }],
    ['in a nested dict only', `{"a":{"${EXPIRES_AT_KEY}":5},"${EXPIRES_AT_KEY}":${later}}`, { a: { [EXPIRES_AT_KEY]: 5 } }],
  ])('%s', async (_name, text, data) => {
    const r = rig();
    expect(await r.engine.load(signedText(r, text))).toEqual({ data, expiresAt: new Date(later) });
  });

  test.each([
    ['a leading zero', `{"a":1,"${EXPIRES_AT_KEY}":0${later}}`],
    ['a comma after the brace', `{,"${EXPIRES_AT_KEY}":${later}}`],
    ['an integer beyond 2^53', `{"a":1,"${EXPIRES_AT_KEY}":90071992547409930}`],
  ])('%s is undecodable, as JSON.parse finds it', async (_name, text) => {
    const r = rig();
    await expectRefused(r, signedText(r, text));
    expect(lastReason(r)).toBe('undecodable');
  });
});
