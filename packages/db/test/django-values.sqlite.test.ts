/**
 * Values Django writes that JS numbers cannot carry, and large compressed sessions, against
 * real Django on a shared SQLite file: nothing changes silently in either direction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  b64Encode,
  DJANGO_SESSION_SALT,
  PYTHON_NUMBER_KEY,
  pythonNumber,
  SerializationError,
  Session,
  TimestampSigner,
} from '@sessionkit/core';
import { createDbEngine, type DbEngine } from '@sessionkit/db';
import { describeWithDjango, DjangoProject, sqliteDatabase } from './support/django';
import { TEST_SECRET } from './support/names';

const marker = (text: string) => ({ [PYTHON_NUMBER_KEY]: text });

describeWithDjango('Django values JS numbers cannot carry, and large sessions, on SQLite', [], () => {
  let dir: string;
  let filename: string;
  let engine: DbEngine;
  let django: DjangoProject;
  const warnings: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sk-dj-values-'));
    filename = join(dir, 'shared.sqlite3');
    engine = createDbEngine({
      filename,
      secret: TEST_SECRET,
      djangoCompatible: true,
      logger: { warn: (message) => warnings.push(message) },
    });
    await engine.migrate();
    django = new DjangoProject(sqliteDatabase(filename));
  });
  afterAll(async () => {
    await engine.close();
    django.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("Django's big integers, NaN, ±Infinity, -0.0 and 1e16 load as pythonNumber markers, logged, and go back unchanged", async () => {
    const key = await django.run<string>(`s = SessionStore()
s['_auth_user_id'] = '42'
s['big'] = 2**64
s['list'] = [2**70, -(2**63), 2**53, 1.5]
s['nan'] = float('nan')
s['inf'] = float('inf')
s['ninf'] = float('-inf')
s['negzero'] = -0.0
s['f16'] = 1e16
s.save()
out(s.session_key)`);
    warnings.length = 0;
    const loaded = await engine.load(key);
    expect(loaded?.data).toEqual({
      _auth_user_id: '42',
      big: marker('18446744073709551616'),
      list: [marker('1180591620717411303424'), marker('-9223372036854775808'), marker('9007199254740992'), 1.5],
      nan: marker('NaN'),
      inf: marker('Infinity'),
      ninf: marker('-Infinity'),
      negzero: marker('-0.0'),
      f16: marker('1e+16'),
    });
    expect(warnings).toEqual([expect.stringMatching(/^session data holds 9 number\(s\) JS cannot carry exactly/)]);

    // sessionkit changes another key and saves: Django still reads its own values.
    const session = new Session(engine, key);
    await session.set('seen_by_node', true);
    await session.save();
    const read = await django.run<Record<string, string>>(
      `s = SessionStore(session_key=inp)
out({k: repr(v) for k, v in s.load().items()})`,
      key,
    );
    expect(read).toEqual({
      _auth_user_id: "'42'",
      big: '18446744073709551616',
      list: '[1180591620717411303424, -9223372036854775808, 9007199254740992, 1.5]',
      nan: 'nan',
      inf: 'inf',
      ninf: '-inf',
      negzero: '-0.0',
      f16: '1e+16',
      seen_by_node: 'True',
    });
  });

  it('Node writes a big integer for Django through pythonNumber', async () => {
    const session = new Session(engine, null);
    await session.set('big', pythonNumber('18446744073709551616'));
    await session.save();
    const read = await django.run<string>(`out(repr(SessionStore(session_key=inp)['big']))`, session.key);
    expect(read).toBe('18446744073709551616');
    expect(() => pythonNumber('1e999x')).toThrow('is not a JSON number');
    // A raw JS number that would reach Django changed (2**64 → 18446744073709552000) is refused.
    const raw = new Session(engine, null);
    for (const value of [2 ** 64, Number.NaN, Number.POSITIVE_INFINITY, -0]) {
      await expect(raw.set('n', value)).rejects.toBeInstanceOf(SerializationError);
    }
  });

  it('a 2 MB Django session (compressed to well under 1 MiB) loads with the default limit', async () => {
    const key = await django.run<string>(`s = SessionStore()
s['rows'] = [{'id': i, 'name': 'customer %d' % i, 'active': i % 3 == 0} for i in range(40000)]
s.save()
out(s.session_key)`);
    const loaded = await engine.load(key);
    const rows = loaded?.data.rows as { id: number }[];
    expect(rows).toHaveLength(40000);
    expect(rows[39999]?.id).toBe(39999);
    const [row] = await engine.knex('django_session').where('session_key', key);
    expect(Buffer.byteLength(row.session_data)).toBeLessThan(1024 * 1024);
    expect(JSON.stringify(loaded?.data).length).toBeGreaterThan(1024 * 1024);
  });

  it('a decompression bomb under maxDataBytes is refused: a fresh session and a warning, not a 64x allocation', async () => {
    const small = createDbEngine({
      filename,
      secret: TEST_SECRET,
      djangoCompatible: true,
      maxDataBytes: 16 * 1024,
      logger: { warn: (message) => warnings.push(message) },
    });
    try {
      // Signed with the real secret, as only a holder of SECRET_KEY (or the database) could.
      const json = Buffer.from(`{"pad":"${'a'.repeat(2 * 1024 * 1024)}"}`, 'latin1');
      const signer = new TimestampSigner({ key: TEST_SECRET, salt: DJANGO_SESSION_SALT });
      const bomb = signer.sign(`.${b64Encode(deflateSync(json))}`);
      expect(Buffer.byteLength(bomb)).toBeLessThan(16 * 1024);
      const key = 'bombbombbombbombbombbombbombbomb';
      await small.knex('django_session').insert({
        session_key: key,
        session_data: bomb,
        expire_date: '2999-01-01 00:00:00.000000',
      });
      warnings.length = 0;
      expect(await small.load(key)).toBeNull();
      expect(warnings).toEqual(['Session data undecodable: Signed payload does not decompress within the size limit']);
      // Saving data whose JSON exceeds the limit is refused too: it could never be read back.
      const session = new Session(small, null);
      await session.set('pad', 'b'.repeat(2 * 1024 * 1024));
      await expect(session.save()).rejects.toThrow('decompressed limit');
    } finally {
      await small.close();
    }
  });
});
