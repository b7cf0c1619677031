/**
 * Where our engines' time goes, piece by piece: CPU µs per call of this process, medians of
 * interleaved rounds (robust to other load on the machine). Backs the explanations of missed
 * targets in results/latest.md. Run from bench/:
 *   node --expose-gc --conditions=@sessionkit/source --import tsx src/tools/breakdown.ts
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { b64Decode, createSessionCodec, MemoryEngine, plainJsonCodec, SessionManager } from '@sessionkit/core';
import { assertJsonValue, hashKey, isValidKey, withDeadline } from '@sessionkit/core/engine';
import { withSession } from '@sessionkit/core/express';
import { createDbEngine } from '@sessionkit/db';
import { createSignedCookieEngine } from '@sessionkit/signed-cookie';
import type Database from 'better-sqlite3';
import { runSuite } from '../harness/runner.js';
import { Loadgen } from '../http/driver.js';
import type { HttpApp } from '../http/apps.js';
import { httpSuite } from '../http/suite.js';
import { SECRET, sessionData, sessionKey } from '../payload.js';
import { pgKnex, pgPool, dropPgTables } from '../store/postgres.js';
import { openSqlite } from '../store/sqlite.js';
import { removeWorkdir, scratch } from '../workdir.js';
import { runMain } from '../harness/run-main.js';

type Op = (i: number) => unknown;
const alwaysTrue = (): boolean => true;

async function measure(title: string, ops: Record<string, Op>, calls = 2000, rounds = 11): Promise<void> {
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, op] of Object.entries(ops)) {
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.cpuUsage();
      for (let i = 0; i < calls; i++) {
        const result = op(i);
        if (result instanceof Promise) await result;
      }
      const cpu = process.cpuUsage(before);
      samples[name] = [...(samples[name] ?? []), (cpu.user + cpu.system) / calls];
    }
  }
  process.stdout.write(`\n${title}\n`);
  for (const [name, xs] of Object.entries(samples)) {
    xs.sort((a, b) => a - b);
    process.stdout.write(`  ${(xs[xs.length >> 1] as number).toFixed(1).padStart(7)} µs  ${name}\n`);
  }
}

async function sqlitePieces(): Promise<void> {
  const data = sessionData(1024);
  const file = scratch('breakdown-ours.db');
  const plain = createDbEngine({ filename: file, codec: plainJsonCodec, hashKeys: false });
  await plain.migrate();
  const defaults = createDbEngine({ filename: scratch('breakdown-defaults.db'), secret: SECRET });
  await defaults.migrate();
  const raw = openSqlite(scratch('breakdown-raw.db'));
  raw.exec(
    'CREATE TABLE t (key TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER NOT NULL); CREATE INDEX t_e ON t (expires_at)',
  );
  const keys: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const key = sessionKey();
    keys.push(key);
    const record = { data: structuredClone(data), expiresAt: new Date(Date.now() + 1e9) };
    await plain.create(key, record);
    await defaults.create(key, record);
    raw.prepare('INSERT INTO t VALUES (?, ?, ?)').run(key, JSON.stringify(data), Date.now() + 1e9);
  }
  const rawLoad = raw.prepare('SELECT data FROM t WHERE key = ? AND expires_at > ?').pluck();
  const rawSave = raw.prepare('UPDATE t SET data = ?, expires_at = ? WHERE key = ?');
  // The engine's own statements, run directly on the engine's own connection.
  const conn = (await (
    plain.knex.client as { acquireConnection(): Promise<Database.Database> }
  ).acquireConnection()) as Database.Database;
  const load = conn.prepare(
    'SELECT "session_data" AS data, "expires_at" AS expiry FROM "sessionkit_sessions" WHERE "session_key" = ? AND "expires_at" > ?',
  );
  const save = conn.prepare(
    'UPDATE "sessionkit_sessions" SET "session_data" = ?, "expires_at" = ? WHERE "session_key" = ? AND "expires_at" > ?',
  );
  const codec = createSessionCodec({ secret: SECRET });
  const codecNoZlib = createSessionCodec({ secret: SECRET, compress: false });
  const json = Buffer.from(JSON.stringify(data));
  const key = (i: number): string => keys[(i * 7919) % 1000] as string;
  await measure('SQLite load+save of a 1 KB session, and its pieces (CPU µs per call)', {
    'raw better-sqlite3 load+save (the limit)': (i) => {
      const o = JSON.parse(rawLoad.get(key(i), Date.now()) as string);
      o.n = i;
      rawSave.run(JSON.stringify(o), Date.now() + 1e9, key(i));
    },
    "the engine's SQL (epoch-ms expiry), run directly": (i) => {
      const row = load.get(key(i), Date.now()) as { data: string };
      const o = JSON.parse(row.data);
      o.n = i;
      save.run(JSON.stringify(o), Date.now() + 1e9, key(i), Date.now());
    },
    'db engine, plain: load+update': async (i) => {
      const record = await plain.load(key(i));
      if (record === null) throw new Error('missing');
      record.data.n = i;
      await plain.update(key(i), { data: record.data, expiresAt: new Date(Date.now() + 1e9) });
    },
    'db engine, defaults: load+update': async (i) => {
      const record = await defaults.load(key(i));
      if (record === null) throw new Error('missing');
      record.data.n = i;
      await defaults.update(key(i), { data: record.data, expiresAt: new Date(Date.now() + 1e9) });
    },
    'piece: assertJsonValue(1 KB data) (once per save)': () => assertJsonValue(data, 'data'),
    'piece: withDeadline × 2 (a timer per call)': async () => {
      await withDeadline('x', 'load', 5000, async () => 1);
      await withDeadline('x', 'update', 5000, async () => 1);
    },
    'piece: hashKey × 2': () => hashKey(keys[0] as string) + hashKey(keys[1] as string),
    'piece: default codec encode+decode (Django dumps/loads, zlib)': () => codec.decode(codec.encode(data)),
    'piece: the same codec with compress: false': () => codecNoZlib.decode(codecNoZlib.encode(data)),
    'piece: zlib deflate+inflate of the 1 KB JSON': () => inflateSync(deflateSync(json)),
    'piece: JSON.stringify+parse (what plainJsonCodec does)': () => JSON.parse(JSON.stringify(data)),
  });
  await plain.close();
  await defaults.close();
  raw.close();
}

async function pgPieces(): Promise<void> {
  const table = 'bench_breakdown_pg';
  await dropPgTables([table]);
  const knex = pgKnex();
  const engine = createDbEngine({ knex, tableName: table, codec: plainJsonCodec, hashKeys: false });
  await engine.migrate();
  const pool = pgPool();
  const data = sessionData(1024);
  const keys: string[] = [];
  for (let i = 0; i < 300; i++) {
    keys.push(sessionKey());
    await engine.create(keys[i] as string, { data: structuredClone(data), expiresAt: new Date(Date.now() + 1e9) });
  }
  const sql = {
    load: `SELECT "session_data" AS data, "expires_at" AS expiry FROM "${table}" WHERE "session_key" = $1 AND "expires_at" > $2`,
    save: `UPDATE "${table}" SET "session_data" = $1, "expires_at" = $2 WHERE "session_key" = $3 AND "expires_at" > $4`,
  };
  const knexSql = { load: sql.load.replace('$1', '?').replace('$2', '?'), save: sql.save.replace(/\$\d/g, '?') };
  const key = (i: number): string => keys[(i * 7919) % 300] as string;
  const iso = (ms: number): string => new Date(ms).toISOString();
  await measure(
    "PostgreSQL load+save, client-side CPU µs (the engine's SQL three ways)",
    {
      'pg named (prepared) statements': async (i) => {
        const r = await pool.query({ name: 'bd_load', text: sql.load, values: [key(i), iso(Date.now())] });
        const o = JSON.parse(r.rows[0].data);
        o.n = i;
        await pool.query({
          name: 'bd_save',
          text: sql.save,
          values: [JSON.stringify(o), iso(Date.now() + 1e9), key(i), iso(Date.now())],
        });
      },
      'pg unnamed statements (parsed each time)': async (i) => {
        const r = await pool.query(sql.load, [key(i), iso(Date.now())]);
        const o = JSON.parse(r.rows[0].data);
        o.n = i;
        await pool.query(sql.save, [JSON.stringify(o), iso(Date.now() + 1e9), key(i), iso(Date.now())]);
      },
      'knex.raw (what KnexRunner does)': async (i) => {
        const r = await knex.raw(knexSql.load, [key(i), iso(Date.now())]);
        const o = JSON.parse(r.rows[0].data);
        o.n = i;
        await knex.raw(knexSql.save, [JSON.stringify(o), iso(Date.now() + 1e9), key(i), iso(Date.now())]);
      },
      'db engine, plain: load+update': async (i) => {
        const record = await engine.load(key(i));
        if (record === null) throw new Error('missing');
        record.data.n = i;
        await engine.update(key(i), { data: record.data, expiresAt: new Date(Date.now() + 1e9) });
      },
    },
    300,
    9,
  );
  await engine.close();
  await knex.destroy();
  await pool.end();
  await dropPgTables([table]);
}

async function cookiePieces(): Promise<void> {
  const data = sessionData(1024);
  const key = randomBytes(32);
  const engine = createSignedCookieEngine({ secret: SECRET, compress: false });
  const zipped = createSignedCookieEngine({ secret: SECRET });
  const value = await engine.update('k', { data, expiresAt: new Date(Date.now() + 1e9) });
  const payload = value.slice(0, value.indexOf(':'));
  await measure('Signed cookie, 1 KB session: encode+decode and pieces (CPU µs per call)', {
    'raw HMAC-SHA256 encode+decode (the limit)': () => {
      const p = Buffer.from(JSON.stringify(data)).toString('base64url');
      const v = `${p}.${createHmac('sha256', key).update(p).digest('base64url')}`;
      const dot = v.lastIndexOf('.');
      const ok = timingSafeEqual(
        Buffer.from(v.slice(dot + 1), 'base64url'),
        createHmac('sha256', key).update(v.slice(0, dot)).digest(),
      );
      return ok && JSON.parse(Buffer.from(v.slice(0, dot), 'base64url').toString());
    },
    'engine, compress: false': async () =>
      engine.load(await engine.update('k', { data, expiresAt: new Date(Date.now() + 1e9) })),
    'engine, defaults (compresses ≥ 512 B)': async () =>
      zipped.load(await zipped.update('k', { data, expiresAt: new Date(Date.now() + 1e9) })),
    'piece: isValidKey(cookie value) regex over the whole value': () => isValidKey(value, engine.capabilities),
    'piece: b64Decode (regex + canonical re-encode) of the payload': () => b64Decode(payload),
    "piece: Buffer.from(payload, 'base64url') alone": () => Buffer.from(payload, 'base64url'),
  });
}

async function httpPieces(): Promise<void> {
  const serve = (listener: RequestListener): Promise<Server> => {
    const server = createServer(listener);
    server.keepAliveTimeout = 600_000;
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
  };
  const ok = (res: { setHeader(n: string, v: string): unknown; end(b: string): unknown }): void => {
    res.setHeader('Content-Type', 'text/plain');
    res.end('ok');
  };
  const app = (name: string, group: HttpApp['group'], listener: RequestListener): HttpApp => ({
    name,
    group,
    path: '/',
    kind: 'bare',
    listen: () => serve(listener),
  });
  const manager = new SessionManager({ engine: new MemoryEngine() });
  const apps: HttpApp[] = [
    app('bare node:http', 'limit', (_req, res) => ok(res)),
    app('bare, response ended one microtask later', 'peer', (_req, res) => {
      void Promise.resolve().then(() => ok(res));
    }),
    // What core's hold does to every response (node-hold.ts): an own `headersSent` accessor with a
    // fresh getter, removed when the held calls are replayed one microtask later.
    app("bare + own 'headersSent' getter (fresh closure), deleted a microtask later", 'peer', (_req, res) => {
      Object.defineProperty(res, 'headersSent', { configurable: true, get: () => true });
      void Promise.resolve().then(() => {
        Reflect.deleteProperty(res, 'headersSent');
        ok(res);
      });
    }),
    app('the same with one shared getter function', 'peer', (_req, res) => {
      Object.defineProperty(res, 'headersSent', { configurable: true, get: alwaysTrue });
      void Promise.resolve().then(() => {
        Reflect.deleteProperty(res, 'headersSent');
        ok(res);
      });
    }),
    app(
      'withSession, handler never touches the session',
      'ours',
      withSession(manager, (_req, res) => ok(res)),
    ),
  ];
  let loadgen: Loadgen | undefined;
  const result = await runSuite(
    httpSuite(
      apps,
      { id: 'breakdown-http', title: 'untouched request pieces', description: '', rounds: 9, maxMs: 300 },
      () => {
        loadgen ??= new Loadgen();
        return loadgen;
      },
      'shared',
    ),
    { log: () => {} },
  );
  loadgen?.stop();
  process.stdout.write('\nnode:http, server CPU µs per request (load generator in a child process)\n');
  for (const c of result.contenders) {
    process.stdout.write(
      `  ${c.cpuUsPerOp.toFixed(1).padStart(7)} µs  ×${c.cpuRatioToLimit.toFixed(2)} CPU, ×${c.ratioToLimit.toFixed(2)} req/s  ${c.contender}\n`,
    );
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  try {
    if (!only || only === 'sqlite') await sqlitePieces();
    if (!only || only === 'postgres') await pgPieces();
    if (!only || only === 'cookie') await cookiePieces();
    if (!only || only === 'http') await httpPieces();
  } finally {
    removeWorkdir();
  }
}

runMain(main);
