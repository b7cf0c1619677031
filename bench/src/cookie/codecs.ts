import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';
import { dirname } from 'node:path';
import type { SessionData, SessionEngine } from '@sessionkit/core';
import { createSignedCookieEngine, type SignedCookieEngineOptions } from '@sessionkit/signed-cookie';
import fastify, { type FastifyInstance } from 'fastify';
import fastifySecureSession from '@fastify/secure-session';
import { sealData, unsealData } from 'iron-session';
import { SECRET, TWO_WEEKS_MS } from '../payload.js';
import type { CookieCodec } from './contract.js';

/** The signed limit: JSON → base64url → HMAC-SHA256, and back with a constant-time compare. */
export function rawHmac(): CookieCodec {
  const key = randomBytes(32);
  return {
    name: 'raw HMAC-SHA256',
    group: 'limit',
    note: 'node:crypto createHmac over base64url(JSON), timingSafeEqual',
    encode(data) {
      const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
      return `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
    },
    decode(value) {
      const dot = value.lastIndexOf('.');
      if (dot < 0) return null;
      const payload = value.slice(0, dot);
      const given = Buffer.from(value.slice(dot + 1), 'base64url');
      const expected = createHmac('sha256', key).update(payload).digest();
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionData;
    },
  };
}

/** The encrypted limit: AES-256-GCM with nonces from a pooled CSPRNG buffer, as a careful hand would write it. */
export function rawAesGcm(): CookieCodec {
  const key = randomBytes(32);
  const pool = Buffer.alloc(12 * 256);
  let offset = pool.length;
  const nonce = (): Buffer => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    offset += 12;
    return pool.subarray(offset - 12, offset);
  };
  return {
    name: 'raw AES-256-GCM',
    group: 'limit',
    note: 'node:crypto createCipheriv, 96-bit pooled nonces, base64url(nonce‖ciphertext‖tag)',
    encode(data) {
      const iv = nonce();
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([
        iv,
        cipher.update(JSON.stringify(data), 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return sealed.toString('base64url');
    },
    decode(value) {
      const sealed = Buffer.from(value, 'base64url');
      if (sealed.length < 28) return null;
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      try {
        const plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
        return JSON.parse(plain.toString('utf8')) as SessionData;
      } catch {
        return null;
      }
    },
  };
}

/** Our signed-cookie engine through the engine contract: update() seals, load() opens. */
export function oursSignedCookie(name: string, note: string, options: Partial<SignedCookieEngineOptions>): CookieCodec {
  const engine: SessionEngine = createSignedCookieEngine({ secret: SECRET, ...options });
  return {
    name,
    group: 'ours',
    note,
    encode: (data) => engine.update('unused', { data, expiresAt: new Date(Date.now() + TWO_WEEKS_MS) }),
    decode: (value) => engine.load(value).then((record) => (record === null ? null : record.data)),
  };
}

interface KeygripLike {
  sign(data: string): string;
  index(data: string, digest: string): number;
}

/**
 * cookie-session 2.1.1's codec, byte for byte: its encode/decode (JSON ↔ base64) and the
 * `name.sig` cookie that its `cookies` 0.9 dependency signs with keygrip (HMAC-SHA1 by
 * default). Keygrip is loaded from where cookie-session's own `cookies` resolves it.
 * Driven without HTTP: the HTTP suites run the real middleware.
 */
export function cookieSessionCodec(): CookieCodec {
  const cookiesEntry = require.resolve('cookies', { paths: [dirname(require.resolve('cookie-session'))] });
  const Keygrip = require(require.resolve('keygrip', { paths: [dirname(cookiesEntry)] })) as new (
    keys: string[],
  ) => KeygripLike;
  const keys = new Keygrip([SECRET]);
  return {
    name: 'cookie-session 2.1.1',
    group: 'peer',
    note: 'its JSON→base64 codec + keygrip HMAC-SHA1 signature (the session.sig cookie); value = both cookies',
    encode(data) {
      const value = Buffer.from(JSON.stringify(data)).toString('base64');
      return `${value};${keys.sign(`session=${value}`)}`;
    },
    decode(both) {
      const semi = both.indexOf(';');
      const value = both.slice(0, semi);
      if (keys.index(`session=${value}`, both.slice(semi + 1)) < 0) return null;
      return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as SessionData;
    },
  };
}

interface SecureSessionDecorators {
  createSecureSession(data: SessionData): unknown;
  encodeSecureSession(session: unknown): string;
  decodeSecureSession(value: string): { data(): unknown } | null;
}

/** @fastify/secure-session 8.4.0's own encode/decode decorators (libsodium crypto_secretbox). */
export function fastifySecureSessionCodec(): CookieCodec {
  let app: (FastifyInstance & SecureSessionDecorators) | undefined;
  const get = (): FastifyInstance & SecureSessionDecorators => {
    if (app === undefined) throw new Error('not open');
    return app;
  };
  return {
    name: '@fastify/secure-session 8.4.0',
    group: 'peer',
    note: 'fastify decorators encodeSecureSession/decodeSecureSession; sodium secretbox (XSalsa20-Poly1305)',
    async open() {
      const instance = fastify();
      await instance.register(fastifySecureSession, { key: randomBytes(32), cookie: { path: '/' } });
      await instance.ready();
      app = instance as unknown as FastifyInstance & SecureSessionDecorators;
    },
    encode: (data) => get().encodeSecureSession(get().createSecureSession(data)),
    decode(value) {
      const session = get().decodeSecureSession(value);
      return session === null ? null : ((session.data() as SessionData | undefined) ?? null);
    },
  };
}

/** iron-session 8.0.4's sealData/unsealData (AES-256-CBC + HMAC-SHA256 through WebCrypto, PBKDF2 keys). */
export function ironSessionCodec(): CookieCodec {
  const options = { password: SECRET, ttl: TWO_WEEKS_MS / 1000 };
  return {
    name: 'iron-session 8.0.4',
    group: 'peer',
    note: 'sealData/unsealData (iron: AES-256-CBC + HMAC-SHA256 via WebCrypto)',
    encode: (data) => sealData(data, options),
    async decode(value) {
      const data = await unsealData<SessionData>(value, options);
      return Object.keys(data).length === 0 ? null : data;
    },
  };
}
