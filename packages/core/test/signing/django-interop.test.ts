/**
 * Live interop with a real Django: tokens flow both ways, tampering is caught on both
 * sides, and at a frozen clock sessionkit's bytes equal Django's.
 * One Python process serves the whole file.
 */
import { inflateSync } from 'node:zlib';
import type { Clock } from '../../src/clock.js';
import type { JsonValue, SessionData } from '../../src/engine/types.js';
import { BadSignatureError } from '../../src/errors.js';
import { dumps, loads } from '../../src/signing/dumps.js';
import { b64Decode } from '../../src/signing/encoding.js';
import { createSessionCodec, DJANGO_SESSION_SALT } from '../../src/signing/session-codec.js';
import { Signer, TimestampSigner } from '../../src/signing/signer.js';
import {
  DJANGO_INSTALL_HINT,
  findDjangoPython,
  randomSecret,
  runDjango,
} from '@sessionkit/test-services';

const django = findDjangoPython();
if (django === null) {
  if (process.env.CI === 'true') {
    test('Django is installed for the interop suite', () => {
      throw new Error(`Django not found for the signing interop tests: ${DJANGO_INSTALL_HINT}`);
    });
  } else {
    process.stderr.write(
      `\n!!! SKIPPING django-interop.test.ts: Django not found. Install it: ${DJANGO_INSTALL_HINT}\n\n`,
    );
  }
}

const SECRET = randomSecret();
const OLD_SECRET = randomSecret();
const FROZEN_SECONDS = 1700000000;
const frozenClock: Clock = { now: () => FROZEN_SECONDS * 1000 + 250 };
const TEXT = 'héllo ☃ 𝄞';
const DATA: SessionData = {
  text: TEXT,
  nested: { list: [1, 0.5, -7, null, true, { deep: ['é', '𝄞', false] }], empty: {} },
  filler: 'compress me please '.repeat(12),
};
const ASCII_DATA: SessionData = {
  user: '42',
  _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
  list: [1, 2, 3, { x: null }],
  filler: 'abcdefghij'.repeat(25),
};

/** Django's tamper transforms (tests/signing/tests.py). */
const TAMPER: Array<(s: string) => string> = [
  (s) => s.toUpperCase(),
  (s) => `${s}a`,
  (s) => `a${s.slice(1)}`,
  (s) => s.replaceAll(':', ''),
];

interface DjangoTokens {
  signer: string;
  signerSalted: string;
  timestamp: string;
  dumps: string;
  dumpsCompressed: string;
  session: string;
  sessionStore: string;
  sessionBase: string;
}

interface DjangoResult {
  signed: DjangoTokens & { sessionOldSecret: string };
  frozen: DjangoTokens;
  frozenNonAscii: Pick<DjangoTokens, 'dumps' | 'dumpsCompressed' | 'session'>;
  reads: Record<string, { ok?: JsonValue; error?: string }>;
  tampered: Array<{ ok?: JsonValue; error?: string }>;
  sessionDecodeTampered: JsonValue[];
}

const PY_SCRIPT = `
import time
from django.core import signing
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.backends.db import SessionStore
from django.test.utils import override_settings

d = data
SALT = d["sessionSalt"]

def attempt(fn):
    try:
        return {"ok": fn()}
    except signing.BadSignature as e:
        return {"error": type(e).__name__}

def tokens(payload):
    return {
        "signer": signing.Signer(key=d["secret"]).sign(d["text"]),
        "signerSalted": signing.Signer(key=d["secret"], salt="custom-salt").sign(d["text"]),
        "timestamp": signing.TimestampSigner(key=d["secret"]).sign(d["text"]),
        "dumps": signing.dumps(payload, key=d["secret"]),
        "dumpsCompressed": signing.dumps(payload, key=d["secret"], compress=True),
        "session": signing.dumps(payload, salt=SALT, compress=True),
        "sessionStore": SessionStore().encode(payload),
        # SessionBase's key_salt comes from its class name: "django.contrib.sessions.SessionBase".
        "sessionBase": SessionBase().encode(payload),
    }

signed = tokens(d["data"])
# Django 3.2 has no SECRET_KEY_FALLBACKS: sign under the old key as the SECRET_KEY of the day.
with override_settings(SECRET_KEY=d["oldSecret"]):
    signed["sessionOldSecret"] = SessionStore().encode(d["data"])

real_time = time.time
time.time = lambda: d["frozen"]
try:
    frozen = tokens(d["asciiData"])
    frozen_non_ascii = tokens(d["data"])
finally:
    time.time = real_time

sk = d["sk"]
key = d["secret"]
reads = {
    "signer": attempt(lambda: signing.Signer(key=key).unsign(sk["signer"])),
    "timestamp": attempt(lambda: signing.TimestampSigner(key=key).unsign(sk["timestamp"], max_age=600)),
    "dumps": attempt(lambda: signing.loads(sk["dumps"], key=key)),
    "dumpsCompressed": attempt(lambda: signing.loads(sk["dumpsCompressed"], key=key, max_age=600)),
    "session": attempt(lambda: signing.loads(sk["session"], salt=SALT)),
    "sessionStore": {"ok": SessionStore().decode(sk["session"])},
    "wrongSalt": attempt(lambda: signing.loads(sk["session"], key=key)),
}
result = {
    "signed": signed,
    "frozen": frozen,
    "frozenNonAscii": {k: frozen_non_ascii[k] for k in ("dumps", "dumpsCompressed", "session")},
    "reads": reads,
    "tampered": [attempt(lambda t=t: signing.loads(t, key=key)) for t in sk["tampered"]],
    "sessionDecodeTampered": [SessionStore().decode(t) for t in sk["sessionTampered"]],
}
`;

const describeDjango = django === null ? describe.skip : describe;

describeDjango('django.core.signing interop (live Django)', () => {
  const codec = createSessionCodec({ secret: SECRET });
  const rotatedCodec = createSessionCodec({ secret: SECRET, fallbackSecrets: [OLD_SECRET] });
  const sk = {
    signer: new Signer({ key: SECRET }).sign(TEXT),
    timestamp: new TimestampSigner({ key: SECRET }).sign(TEXT),
    dumps: dumps(DATA, { key: SECRET }),
    dumpsCompressed: dumps(DATA, { key: SECRET, compress: true }),
    session: codec.encode(DATA),
    tampered: [] as string[],
    sessionTampered: [] as string[],
  };
  sk.tampered = TAMPER.map((t) => t(sk.dumpsCompressed));
  sk.sessionTampered = TAMPER.map((t) => t(sk.session));
  let py: DjangoResult;

  beforeAll(() => {
    process.stderr.write(`django-interop: using ${django?.python} with django.VERSION ${django?.version}\n`);
    const input = {
      secret: SECRET,
      oldSecret: OLD_SECRET,
      sessionSalt: DJANGO_SESSION_SALT,
      frozen: FROZEN_SECONDS + 0.25,
      text: TEXT,
      data: DATA,
      asciiData: ASCII_DATA,
      sk,
    };
    py = runDjango(PY_SCRIPT, input, { secretKey: SECRET }) as DjangoResult;
  });

  describe('sessionkit reads what Django signs', () => {
    it('Signer and TimestampSigner values', () => {
      expect(new Signer({ key: SECRET }).unsign(py.signed.signer)).toBe(TEXT);
      expect(new Signer({ key: SECRET, salt: 'custom-salt' }).unsign(py.signed.signerSalted)).toBe(TEXT);
      expect(new TimestampSigner({ key: SECRET }).unsign(py.signed.timestamp, { maxAge: 600 })).toBe(TEXT);
    });

    it('dumps with and without compress', () => {
      expect(py.signed.dumpsCompressed.startsWith('.')).toBe(true);
      expect(py.signed.dumps.startsWith('.')).toBe(false);
      expect(loads(py.signed.dumps, { key: SECRET })).toEqual(DATA);
      expect(loads(py.signed.dumpsCompressed, { key: SECRET, maxAge: 600 })).toEqual(DATA);
    });

    it('session data, from signing.dumps and from SessionStore().encode', () => {
      expect(codec.decode(py.signed.session)).toEqual(DATA);
      expect(codec.decode(py.signed.sessionStore)).toEqual(DATA);
    });

    it('SessionBase().encode signs with its own class name as salt', () => {
      expect(codec.decode(py.signed.sessionBase)).toBeNull();
      const salt = 'django.contrib.sessions.SessionBase';
      expect(createSessionCodec({ secret: SECRET, salt }).decode(py.signed.sessionBase)).toEqual(DATA);
    });

    it('session data Django signed under an old SECRET_KEY, held only as a fallback', () => {
      expect(codec.decode(py.signed.sessionOldSecret)).toBeNull();
      expect(rotatedCodec.decode(py.signed.sessionOldSecret)).toEqual(DATA);
    });

    it('rejects tampered Django values', () => {
      for (const tamper of TAMPER) {
        expect(() => loads(tamper(py.signed.dumpsCompressed), { key: SECRET })).toThrow(BadSignatureError);
        expect(() => new Signer({ key: SECRET }).unsign(tamper(py.signed.signer))).toThrow(BadSignatureError);
        expect(codec.decode(tamper(py.signed.session))).toBeNull();
      }
    });
  });

  describe('Django reads what sessionkit signs', () => {
    it('Signer, TimestampSigner, dumps and session values', () => {
      expect(py.reads.signer).toEqual({ ok: TEXT });
      expect(py.reads.timestamp).toEqual({ ok: TEXT });
      expect(py.reads.dumps).toEqual({ ok: DATA });
      expect(py.reads.dumpsCompressed).toEqual({ ok: DATA });
      expect(py.reads.session).toEqual({ ok: DATA });
      expect(py.reads.sessionStore).toEqual({ ok: DATA });
    });

    it('Django rejects tampered sessionkit values and the wrong salt', () => {
      expect(sk.dumpsCompressed.startsWith('.')).toBe(true);
      expect(py.tampered).toEqual(TAMPER.map(() => ({ error: 'BadSignature' })));
      expect(py.sessionDecodeTampered).toEqual(TAMPER.map(() => ({})));
      expect(py.reads.wrongSalt).toEqual({ error: 'BadSignature' });
    });
  });

  describe('byte-for-byte equal at a frozen clock', () => {
    const frozenSigner = (salt?: string) => new TimestampSigner({ key: SECRET, salt, clock: frozenClock });
    /** Node's zlib build (Chromium's fork) may pick other matches than CPython's stock zlib. */
    const inflated = (token: string) => inflateSync(b64Decode((token.split(':')[0] ?? '').slice(1))).toString('latin1');
    const payload = (token: string) => token.slice(0, token.indexOf(':'));

    it('Signer and TimestampSigner', () => {
      expect(new Signer({ key: SECRET }).sign(TEXT)).toBe(py.frozen.signer);
      expect(frozenSigner().sign(TEXT)).toBe(py.frozen.timestamp);
    });

    it('dumps without compression (ASCII and non-ASCII data)', () => {
      expect(dumps(ASCII_DATA, { key: SECRET, clock: frozenClock })).toBe(py.frozen.dumps);
      expect(dumps(DATA, { key: SECRET, clock: frozenClock })).toBe(py.frozenNonAscii.dumps);
    });

    it.each([
      ['dumps(compress=True), ASCII', () => py.frozen.dumpsCompressed, undefined, ASCII_DATA],
      ['dumps(compress=True), non-ASCII', () => py.frozenNonAscii.dumpsCompressed, undefined, DATA],
      ['session codec, ASCII', () => py.frozen.session, DJANGO_SESSION_SALT, ASCII_DATA],
      ['session codec, non-ASCII', () => py.frozenNonAscii.session, DJANGO_SESSION_SALT, DATA],
    ])('%s: same JSON bytes in, same token for the same zlib stream', (_name, djangoToken, salt, data) => {
      const theirs = djangoToken();
      const ours =
        salt === undefined
          ? dumps(data, { key: SECRET, clock: frozenClock, compress: true })
          : createSessionCodec({ secret: SECRET, clock: frozenClock, compress: true }).encode(data);
      expect(theirs.startsWith('.')).toBe(true);
      expect(ours.startsWith('.')).toBe(true);
      expect(inflated(ours)).toBe(inflated(theirs));
      expect(ours.split(':')[1]).toBe(theirs.split(':')[1]);
      // The signature layer over Django's exact payload text reproduces Django's token.
      expect(frozenSigner(salt ?? 'django.core.signing').sign(payload(theirs))).toBe(theirs);
    });

    it("Django's SessionStore().encode is signing.dumps(salt=SessionStore, compress=True) (3.2: sha256 default)", () => {
      expect(py.frozen.sessionStore).toBe(py.frozen.session);
    });
  });
});
