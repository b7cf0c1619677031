import { createHash, createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Database from 'better-sqlite3';
import { parse } from 'cookie';
import { Redis } from 'ioredis';
import { SECRET, TWO_WEEKS_MS } from '../payload.js';
import { REDIS_URL } from '../store/cache.js';
import { dropWithNewClient } from '../store/cache-peers.js';
import { openSqlite, PRAGMA_NOTE } from '../store/sqlite.js';
import { scratch } from '../workdir.js';
import { type HttpApp, PAYLOAD, serve, text } from './apps.js';

/**
 * The limit of a read+write request: the same app written by hand on node:http, doing the work
 * our middleware and engine do and nothing else. Cookie parsed with `cookie`; a well-formed key
 * (Django's rules) hashed with SHA-256 for storage; the stored session's expiry checked; the 1 KB
 * JSON parsed, its counter incremented, stringified and stored back; the same Set-Cookie, `Vary:
 * Cookie` and `Cache-Control: private` as ours. The signed rows sign and verify with the same
 * HMAC-SHA256 (a key derived once) as Django's format. The ratio to these rows is our overhead.
 */

type Data = Record<string, unknown>;
const COOKIE = 'sessionid';
const MAX_AGE_S = TWO_WEEKS_MS / 1000;
const KEY = /^[a-z0-9]{8,40}$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function newKey(): string {
  let key = '';
  for (const byte of randomBytes(40)) {
    if (byte < 252) key += ALPHABET[byte % 36];
    if (key.length === 32) return key;
  }
  return newKey();
}

const sha256 = (key: string): string => hash('sha256', key, 'hex');

/** The session cookie's key when it is well formed, else undefined (a new visitor). */
function cookieKey(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  const key = parse(header)[COOKIE];
  return key !== undefined && KEY.test(key) ? key : undefined;
}

/** The visitor's session after the step: a new visitor gets the 1 KB payload, then n + 1. */
function bump(data: Data | null): Data {
  const session = data ?? structuredClone(PAYLOAD);
  session.n = ((session.n as number | undefined) ?? 0) + 1;
  return session;
}

function reply(res: ServerResponse, value: string, expiresAt: number, count: unknown): void {
  res.setHeader(
    'Set-Cookie',
    `${COOKIE}=${value}; Max-Age=${MAX_AGE_S}; Path=/; Expires=${new Date(expiresAt).toUTCString()}; HttpOnly; SameSite=Lax`,
  );
  res.setHeader('Vary', 'Cookie');
  res.setHeader('Cache-Control', 'private');
  text(res, String(count));
}

/** Django's `signing.dumps` shape, `b64(json):ts:b64(hmac)`, with an HMAC key derived once from the salt. */
export function djangoSigner(salt: string): { seal(json: string): string; open(value: string): Data | null } {
  const key = createHash('sha256').update(`${salt}signer${SECRET}`).digest();
  return {
    seal(json) {
      const signed = `${Buffer.from(json).toString('base64url')}:${Math.floor(Date.now() / 1000).toString(36)}`;
      return `${signed}:${createHmac('sha256', key).update(signed).digest('base64url')}`;
    },
    open(value) {
      const at = value.lastIndexOf(':');
      if (at < 0) return null;
      const signed = value.slice(0, at);
      const given = Buffer.from(value.slice(at + 1), 'base64url');
      const expected = createHmac('sha256', key).update(signed).digest();
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const colon = signed.indexOf(':');
      if (Date.now() / 1000 - Number.parseInt(signed.slice(colon + 1), 36) > MAX_AGE_S) return null;
      return JSON.parse(Buffer.from(signed.slice(0, colon), 'base64url').toString('utf8')) as Data;
    },
  };
}

function handApp(name: string, note: string, listen: HttpApp['listen'], close?: () => Promise<void>): HttpApp {
  return { name, group: 'limit', note, path: '/rw', kind: 'readwrite', listen, close };
}

/** By hand, MemoryEngine's work: a Map of SHA-256 keys to { JSON, expiry }. */
export function handMemoryRw(): HttpApp {
  const sessions = new Map<string, { json: string; expiresAt: number }>();
  return handApp(
    'hand-written node:http: Map',
    'cookie.parse, key check, SHA-256 of the key, Map get, expiry check, JSON.parse/stringify of 1 KB, Map set, same three headers',
    () =>
      serve((req, res) => {
        const now = Date.now();
        const key = cookieKey(req);
        const stored = key === undefined ? undefined : sessions.get(sha256(key));
        const live = stored !== undefined && stored.expiresAt > now ? stored : undefined;
        const session = bump(live === undefined ? null : (JSON.parse(live.json) as Data));
        const used = live === undefined ? newKey() : (key as string);
        const expiresAt = now + TWO_WEEKS_MS;
        sessions.set(sha256(used), { json: JSON.stringify(session), expiresAt });
        reply(res, used, expiresAt, session.n);
      }),
  );
}

/** By hand, the db engine's work on SQLite: its prepared statements, the Django-signed data, hashed keys. */
export function handSqliteRw(): HttpApp {
  let db: Database.Database | undefined;
  return handApp(
    'hand-written node:http: SQLite',
    `better-sqlite3 (${PRAGMA_NOTE}), the engine's SELECT/UPDATE/INSERT, SHA-256 keys, Django-signed data (HMAC-SHA256)`,
    () => {
      db = openSqlite(scratch('http-hand-sqlite.db'));
      db.exec(
        'CREATE TABLE IF NOT EXISTS sessionkit_sessions (session_key TEXT PRIMARY KEY, session_data TEXT NOT NULL, expires_at INTEGER NOT NULL, version TEXT); CREATE INDEX IF NOT EXISTS sessionkit_sessions_expires_at_idx ON sessionkit_sessions (expires_at)',
      );
      const t = 'sessionkit_sessions';
      const load = db.prepare<[string, number], { data: string; expiry: number; version: string | null }>(
        `SELECT session_data AS data, expires_at AS expiry, version AS version FROM ${t} WHERE session_key = ? AND expires_at > ?`,
      );
      const update = db.prepare(
        `UPDATE ${t} SET session_data = ?, expires_at = ?, version = ? WHERE session_key = ? AND expires_at > ?`,
      );
      const insert = db.prepare(
        `INSERT INTO ${t} (session_key, session_data, expires_at, version) VALUES (?, ?, ?, ?)`,
      );
      const signer = djangoSigner('django.contrib.sessions.SessionStore');
      return serve((req, res) => {
        const now = Date.now();
        const key = cookieKey(req);
        const row = key === undefined ? undefined : load.get(sha256(key), now);
        const stored = row === undefined ? null : signer.open(row.data);
        const session = bump(stored);
        const expiresAt = now + TWO_WEEKS_MS;
        const sealed = signer.seal(JSON.stringify(session));
        const used = stored === null ? newKey() : (key as string);
        if (stored !== null) update.run(sealed, expiresAt, null, sha256(used), now);
        else insert.run(sha256(used), sealed, expiresAt, null);
        reply(res, used, expiresAt, session.n);
      });
    },
    async () => {
      db?.close();
    },
  );
}

/** By hand, the signed-cookie engine's work: Django's signed_cookies value with the expiry inside. */
export function handSignedCookieRw(): HttpApp {
  const signer = djangoSigner('django.contrib.sessions.backends.signed_cookies');
  return handApp(
    'hand-written node:http: signed cookie',
    'cookie.parse, HMAC-SHA256 verify (timingSafeEqual), timestamp and embedded-expiry checks, JSON of 1 KB, HMAC sign, same three headers',
    () =>
      serve((req, res) => {
        const now = Date.now();
        const header = req.headers.cookie;
        const value = header === undefined ? undefined : parse(header)[COOKIE];
        const opened = value === undefined ? null : signer.open(value);
        const live = opened !== null && (opened._session_expires_at as number) > now ? opened : null;
        const session = bump(live);
        const expiresAt = now + TWO_WEEKS_MS;
        session._session_expires_at = expiresAt;
        reply(res, signer.seal(JSON.stringify(session)), expiresAt, session.n);
      }),
  );
}

/** By hand, the cache engine's work on Redis: GET, then SET … PX (XX or NX), Django-signed data, hashed keys. */
export function handRedisRw(): HttpApp {
  const prefix = 'bench:http-hand:';
  let redis: Redis | undefined;
  return handApp(
    'hand-written node:http: Redis',
    'one ioredis connection: GET, then SET PX XX (NX for a new visitor); SHA-256 keys, Django-signed data',
    () => {
      const client = new Redis(REDIS_URL);
      redis = client;
      const signer = djangoSigner('django.contrib.sessions.SessionStore');
      return serve(async (req, res) => {
        const key = cookieKey(req);
        const text = key === undefined ? null : await client.get(prefix + sha256(key));
        const stored = text === null ? null : signer.open(text);
        const session = bump(stored);
        const expiresAt = Date.now() + TWO_WEEKS_MS;
        const sealed = signer.seal(JSON.stringify(session));
        const used = stored === null ? newKey() : (key as string);
        if (stored === null) await client.set(prefix + sha256(used), sealed, 'PX', TWO_WEEKS_MS, 'NX');
        else await client.set(prefix + sha256(used), sealed, 'PX', TWO_WEEKS_MS, 'XX');
        reply(res, used, expiresAt, session.n);
      });
    },
    async () => {
      await dropWithNewClient(prefix);
      await redis?.quit();
    },
  );
}
