import { b64Decode, SessionTooLargeError } from '@sessionkit/core';
import { ENCRYPTED_VERSION } from '@sessionkit/signed-cookie';
import { OLD_SECRET, rig, SECRET } from './support/fixtures.js';
import { expectRefused, flipChar, lastReason } from './support/tamper.js';

const DATA = { user: 'ada', card: 'marker-4242', note: 'héllo ☃' };
const MARKERS = ['marker-4242', SECRET];

describe('encrypted mode (encrypt: true)', () => {
  test('round trip, with the version prefix', async () => {
    const r = rig({ encrypt: true });
    const value = await r.seal(DATA);
    expect(value.startsWith(`${ENCRYPTED_VERSION}.`)).toBe(true);
    expect((await r.engine.load(value))?.data).toEqual(DATA);
  });

  test('a value sealed by an earlier release still opens (the e1 format is fixed)', async () => {
    // Sealed by the release of 2026-12-05 (rig's secret and clock): the format may not drift.
    const sealed =
      'e1.vF1cXW45A9d0TLt5JbwlJfPpWtDXxnh027997gdffoYfcvV7PTT-k5M025K-eXDJV9yOLBrPK1qjBs908sy5y8BupNHRGR-emEoXYk9vMdaZFQvIaFFPH8ojyujdpEVfsFJ1bc-Ax1i6y2DjnupjlEICR10g9Jh7ryUCHjkz';
    expect((await rig({ encrypt: true }).engine.load(sealed))?.data).toEqual(DATA);
  });

  test('the visitor cannot read the data, and every value gets a fresh nonce', async () => {
    const r = rig({ encrypt: true });
    const first = await r.seal(DATA);
    const second = await r.seal(DATA);
    expect(first).not.toBe(second);
    const raw = b64Decode(first.slice(ENCRYPTED_VERSION.length + 1));
    for (const text of [raw.toString('latin1'), raw.toString('utf8'), first]) {
      expect(text).not.toContain('marker-4242');
      expect(text).not.toContain('ada');
    }
  });

  test('S-14 an unknown version prefix is refused before any decryption', async () => {
    const r = rig({ encrypt: true });
    const body = (await r.seal(DATA)).slice(ENCRYPTED_VERSION.length + 1);
    for (const prefix of ['e2', 'e0', 'E1', 'v1', 'e1e1', '']) {
      await expectRefused(r, `${prefix}.${body}`, MARKERS);
      expect(lastReason(r)).toBe('unknown-version');
    }
    await expectRefused(r, body, MARKERS);
    expect(lastReason(r)).toBe('malformed');
  });

  test('tampered, truncated or extended ciphertexts are refused', async () => {
    const r = rig({ encrypt: true });
    const value = await r.seal(DATA);
    for (const bad of [flipChar(value, 10), flipChar(value, value.length - 3), value.slice(0, -4), `${value}AAAA`]) {
      await expectRefused(r, bad, MARKERS);
    }
    expect(r.log.warnings().map((w) => w.meta?.reason)).toEqual([
      'bad-signature',
      'bad-signature',
      'bad-signature',
      'bad-signature',
    ]);
  });

  test('rotation: fallback values decrypt, new values use the primary only, dropping the fallback refuses them', async () => {
    const old = rig({ encrypt: true, secret: OLD_SECRET });
    const rotating = rig({ encrypt: true, fallbackSecrets: [OLD_SECRET] }, old.clock);
    const primaryOnly = rig({ encrypt: true }, old.clock);
    const legacy = await old.seal(DATA);
    expect((await rotating.engine.load(legacy))?.data).toEqual(DATA);
    const resealed = await rotating.engine.update(legacy, rotating.record(DATA));
    expect((await primaryOnly.engine.load(resealed))?.data).toEqual(DATA);
    expect(await old.engine.load(resealed)).toBeNull();
    await expectRefused(primaryOnly, legacy, MARKERS);
  });

  test('signature age, per-session expiry and future skew apply as in signed mode', async () => {
    const r = rig({ encrypt: true, maxAge: 600 });
    const short = await r.seal(DATA, 300_000);
    const long = await r.seal(DATA, 3_600_000);
    r.clock.advance(300_000);
    expect(await r.engine.load(short)).toBeNull();
    expect(await r.engine.load(long)).not.toBeNull();
    r.clock.advance(301_000);
    expect(await r.engine.load(long)).toBeNull();
    const future = await r.seal(DATA);
    r.clock.advance(-3_600_000);
    await expectRefused(r, future, MARKERS);
    expect(lastReason(r)).toBe('future-timestamp');
  });

  test('no compression by default (length oracle); opt-in compression reads back', async () => {
    const data = { note: 'lorem ipsum '.repeat(100) };
    const plain = rig({ encrypt: true });
    const squeezed = rig({ encrypt: true, compress: true, compressThreshold: 512 });
    const a = await plain.seal(data);
    const b = await squeezed.seal(data);
    expect(b.length).toBeLessThan(a.length / 2);
    expect((await squeezed.engine.load(b))?.data).toEqual(data);
    expect((await plain.engine.load(b))?.data).toEqual(data); // readers accept both
  });

  test('the 4096-byte limit holds', async () => {
    const r = rig({ encrypt: true });
    await expect(r.seal({ p: 'x'.repeat(3100) })).rejects.toBeInstanceOf(SessionTooLargeError);
    await expect(r.seal({ p: 'x'.repeat(2900) })).resolves.toMatch(/^e1\./);
  });

  test('S-04 other spellings of an authentic value (same bytes once decoded leniently) are refused as malformed', async () => {
    const r = rig({ encrypt: true });
    // A value whose base64url ends in a partial group, so that its last character has unused bits.
    let value = '';
    for (let pad = 0; value === '' || (value.length - ENCRYPTED_VERSION.length - 1) % 4 === 0; pad++) {
      value = await r.seal({ ...DATA, pad: 'x'.repeat(pad) });
    }
    expect(await r.engine.load(value)).not.toBeNull();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(value.at(-1) as string);
    const at = value.length >> 1;
    const spellings = [
      `${value.slice(0, -1)}${alphabet[last | 1]}`, // a stray trailing bit
      `${value}=`,
      `${value.slice(0, at)}*${value.slice(at)}`, // a character lenient decoders skip
      `${value.slice(0, at)} ${value.slice(at)}`,
      // A UTF-16 unit whose low byte is the original character (a decoder reading bytes sees it).
      `${value.slice(0, at)}${String.fromCharCode(0x100 | value.charCodeAt(at))}${value.slice(at + 1)}`,
    ];
    if (/[-_]/.test(value)) spellings.push(value.replace(/-/g, '+').replace(/_/g, '/'));
    for (const spelling of spellings) {
      await expectRefused(r, spelling, MARKERS);
      expect(lastReason(r)).toBe('malformed');
    }
  });
});
