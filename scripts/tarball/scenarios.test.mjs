// The scenarios a user meets, run against the packed tarballs installed in TARBALL_APP (see
// scripts/tarball-test.sh). node:test, so the names are listed in CI's output.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { hasBinary, memcachedSpec, startServer } from '../../tools/test-services/src/spawn.ts';

const { env } = process;
const APP = env.TARBALL_APP;
if (!APP) throw new Error('TARBALL_APP is not set: run scripts/tarball-test.sh');
const PG_URL = env.PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = env.REDIS_URL || 'redis://127.0.0.1:6379';
const run = promisify(execFile);
const requireInApp = createRequire(join(APP, 'package.json'));
const CLI = join(APP, 'node_modules/.bin/sessionkit');
const SECRET = 'tarball-test-secret-0123456789abcdefghijklmnop';
const unique = (prefix) => `${prefix}_${process.pid}_${Date.now().toString(36)}`;

/** Runs `node file` (or a bin) in the app; rejects with its output on a non-zero exit. */
async function node(args, env = {}) {
  try {
    return await run(process.execPath, args, { cwd: APP, env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  } catch (error) {
    throw new Error(`node ${args.join(' ')} failed:\n${error.stdout}\n${error.stderr}`);
  }
}

/** The CLI as a child process, with the instants it printed its result and exited. */
function cli(args, env = {}) {
  const child = spawn(CLI, args, { cwd: APP, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  let resultAt = 0;
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    if (/Removed \d+ expired/.test(stdout) && resultAt === 0) resultAt = Date.now();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, resultAt, exitedAt: Date.now() })),
  );
  return { child, done, stderr: () => stderr };
}

/** The first ```ts fence after `heading` in a shipped README. */
function fence(readme, heading, index = 0) {
  const text = readFileSync(join(APP, 'node_modules', readme), 'utf8');
  const from = text.indexOf(heading);
  assert.ok(from >= 0, `${readme} has no "${heading}"`);
  const blocks = [...text.slice(from).matchAll(/```ts\n([\s\S]*?)```/g)];
  return blocks[index][1];
}

/**
 * `count` memcached servers on free loopback ports (the suites' harness), or null (the test
 * skipped, loudly) where the binary is missing outside CI; in CI a missing binary fails the test.
 */
async function startMemcached(t, count) {
  if (!hasBinary('memcached')) {
    if (env.CI === 'true') throw new Error('memcached is not installed (apt-get install memcached)');
    t.skip('SKIPPED: memcached is not installed (apt-get install memcached)');
    return null;
  }
  const servers = [];
  for (let i = 0; i < count; i++) servers.push(await startServer(memcachedSpec()));
  return servers;
}

const pg = () => {
  const knex = requireInApp('knex');
  return knex({ client: 'pg', connection: PG_URL });
};

describe('install: ES module and CommonJS consumers', () => {
  it('import() loads every entry of every package', async () => {
    const { stdout } = await node(['load-esm.mjs']);
    const counts = JSON.parse(stdout);
    for (const [entry, n] of Object.entries(counts)) assert.ok(n, `${entry} exports nothing`);
  });
  it('require() loads every entry of every package', async () => {
    const counts = JSON.parse((await node(['load-cjs.cjs'])).stdout);
    assert.equal(Object.keys(counts).length, JSON.parse(readFileSync(join(APP, 'entries.json'), 'utf8')).length);
  });
  // On the machine's Node only (tarball-test.sh sets TARBALL_TYPES=0 for the others): they would
  // run the same tsc on the same files.
  const compilers =
    env.TARBALL_TYPES === '0'
      ? []
      : [
          ['5.9', 'typescript/bin/tsc'],
          ['7', 'typescript7/bin/tsc'],
        ];
  for (const [version, bin] of compilers) {
    for (const kind of ['esm', 'cjs', 'cache']) {
      it(`strict TypeScript ${version} type-checks the ${kind === 'cache' ? 'cache engine' : kind.toUpperCase()} consumer`, async () => {
        const tsc = join(APP, 'node_modules', bin);
        assert.match((await node([tsc, '--version'])).stdout, new RegExp(`Version ${version.replace('.', '\\.')}`));
        await node([tsc, '-p', `tsconfig.${kind}.json`]);
      });
    }
    it(`strict TypeScript ${version}, skipLibCheck off, type-checks a Memcached consumer without ioredis installed`, async () => {
      const dir = noIoredisProject();
      assert.throws(() => createRequire(join(dir, 'package.json')).resolve('ioredis'), /Cannot find module/);
      await node([join(APP, 'node_modules', bin), '-p', join(dir, 'tsconfig.json')]);
    });
  }
});

let noIoredisMade = false;

/**
 * scripts/tarball/no-ioredis beside the app (not under it, where ioredis would resolve), with
 * copies of the installed packages it needs and nothing else; made once, for both compilers.
 */
function noIoredisProject() {
  const dir = join(APP, '..', 'no-ioredis');
  if (noIoredisMade) return dir;
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(dirname(fileURLToPath(import.meta.url)), 'no-ioredis'), dir, { recursive: true });
  for (const name of ['@sessionkit/core', '@sessionkit/cache', '@types/node', 'undici-types']) {
    // undici-types (@types/node's dependency) may sit inside @types/node instead.
    if (name === 'undici-types' && !existsSync(join(APP, 'node_modules', name))) continue;
    cpSync(join(APP, 'node_modules', name), join(dir, 'node_modules', name), { recursive: true, dereference: true });
  }
  noIoredisMade = true;
  return dir;
}

/** Appended to a quick start: two requests through it, then the process ends. */
const TWO_VISITS = (listen) => `
${listen}
const { port } = server.address();
const first = await fetch(\`http://127.0.0.1:\${port}/\`);
const cookie = first.headers.get('set-cookie').split(';')[0];
const second = await fetch(\`http://127.0.0.1:\${port}/\`, { headers: { cookie } });
process.stdout.write(JSON.stringify([await first.text(), await second.text()]));
server.close();
process.exit(0);
`;

/** Appended to an engine's quick start: a session saved and read back through core, then `close`. */
const ROUND_TRIP = (close) => `
const { SessionManager } = await import('@sessionkit/core');
const manager = new SessionManager({ engine, logger: false });
const session = manager.open(undefined);
(await session.data()).visits = 1;
await session.save();
const again = manager.open(session.key ?? undefined);
process.stdout.write(JSON.stringify((await again.data()).visits));
await engine.delete(session.key ?? '');
${close}
`;

describe('quick starts, as the shipped READMEs write them', () => {
  it('Express with SQLite (@sessionkit/core README)', async () => {
    const code = fence('@sessionkit/core/README.md', '## Quick start');
    writeFileSync(
      join(APP, 'qs-express.ts'),
      code +
        TWO_VISITS('const server = app.listen(0, "127.0.0.1"); await new Promise((r) => server.once("listening", r));'),
    );
    const { stdout } = await node(['--import', 'tsx', 'qs-express.ts'], { SESSION_SECRET: SECRET });
    assert.deepEqual(JSON.parse(stdout), ['visit 1', 'visit 2']);
  });

  it('Fastify with the signed cookie (@sessionkit/signed-cookie)', async () => {
    const engineCode = fence('@sessionkit/signed-cookie/README.md', '## Quick start')
      .split('\n')
      .filter((line) => !line.includes('app.use(') && !line.includes('/express'));
    writeFileSync(
      join(APP, 'qs-fastify.ts'),
      `import Fastify from 'fastify';
import { sessionPlugin } from '@sessionkit/core/fastify';
${engineCode.join('\n').replace('cookie: { secure: true }', "cookie: { secure: 'auto' }")}
const app = Fastify();
await app.register(sessionPlugin, { manager });
app.get('/', async (request) => {
  const s = await request.session.data();
  s.visits = (Number(s.visits ?? 0)) + 1;
  return \`visit \${s.visits}\`;
});
await app.listen({ port: 0, host: '127.0.0.1' });
const server = app.server;
${TWO_VISITS('')}`,
    );
    const { stdout } = await node(['--import', 'tsx', 'qs-fastify.ts'], { SESSION_SECRET: SECRET });
    assert.deepEqual(JSON.parse(stdout), ['visit 1', 'visit 2']);
  });

  it('Hono on Node with @hono/node-server (core docs/adapters.md)', async () => {
    writeFileSync(
      join(APP, 'qs-hono.ts'),
      `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { SessionManager } from '@sessionkit/core';
import { type SessionVariables, honoSession } from '@sessionkit/core/fetch';
import { createDbEngine } from '@sessionkit/db';
const engine = createDbEngine({ filename: ':memory:', secret: process.env.SESSION_SECRET! });
await engine.migrate();
const sessions = new SessionManager({ engine });
const app = new Hono<{ Variables: SessionVariables }>();
app.use(honoSession(sessions));
app.get('/', async (c) => {
  const s = await c.var.session.data();
  s.visits = Number(s.visits ?? 0) + 1;
  return c.text(\`visit \${s.visits}\`);
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => server.once('listening', r));
${TWO_VISITS('')}`,
    );
    const { stdout } = await node(['--import', 'tsx', 'qs-hono.ts'], { SESSION_SECRET: SECRET });
    assert.deepEqual(JSON.parse(stdout), ['visit 1', 'visit 2']);
  });

  it('PostgreSQL with migrate() (@sessionkit/db README)', async () => {
    const schema = unique('qs');
    const admin = pg();
    await admin.raw(`CREATE SCHEMA ${schema}`);
    try {
      const code = fence('@sessionkit/db/README.md', '## Quick start', 1);
      writeFileSync(
        join(APP, 'qs-pg.ts'),
        `${code}
${ROUND_TRIP('await db.destroy();')}`,
      );
      const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const { stdout } = await node(['--import', 'tsx', 'qs-pg.ts'], { SESSION_SECRET: SECRET, DATABASE_URL: url });
      assert.equal(stdout, '1');
    } finally {
      await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
      await admin.destroy();
    }
  });
  it('Redis, the engine creating its client (@sessionkit/cache README)', async () => {
    const code = fence('@sessionkit/cache/README.md', '## Quick start', 0);
    writeFileSync(join(APP, 'qs-redis.ts'), `${code}\n${ROUND_TRIP('await engine.close();')}`);
    const { stdout } = await node(['--import', 'tsx', 'qs-redis.ts'], { SESSION_SECRET: SECRET, REDIS_URL });
    assert.equal(stdout, '1');
  });

  it("Redis, with the app's own ioredis client (@sessionkit/cache README)", async () => {
    const code = fence('@sessionkit/cache/README.md', '## Quick start', 1);
    writeFileSync(join(APP, 'qs-redis-own.ts'), `${code}\n${ROUND_TRIP('await engine.close();\nawait redis.quit();')}`);
    const { stdout } = await node(['--import', 'tsx', 'qs-redis-own.ts'], { SESSION_SECRET: SECRET, REDIS_URL });
    assert.equal(stdout, '1');
  });

  it('Memcached on two servers, through `memcached` and through memjs (@sessionkit/cache README)', async (t) => {
    const servers = await startMemcached(t, 2);
    if (servers === null) return;
    try {
      // The section shows both engines, one a line: each runs on its own, against two local servers.
      const lines = fence('@sessionkit/cache/README.md', '### Memcached')
        .split('\n')
        .filter((line) => line.startsWith('const engine'));
      assert.equal(lines.length, 2);
      for (const [i, line] of lines.entries()) {
        const file = `qs-memcached-${i}.ts`;
        const local = line
          .replace('cache-1:11211', `127.0.0.1:${servers[0].port}`)
          .replace('cache-2:11211', `127.0.0.1:${servers[1].port}`);
        assert.notEqual(local, line, 'the servers were replaced');
        writeFileSync(
          join(APP, file),
          `import { createCacheEngine } from '@sessionkit/cache';\nconst secret = process.env.SESSION_SECRET!;\n${local}\n${ROUND_TRIP('await engine.close();')}`,
        );
        assert.equal((await node(['--import', 'tsx', file], { SESSION_SECRET: SECRET })).stdout, '1', line);
      }
    } finally {
      for (const server of servers) await server.kill();
    }
  });

  it('cached-db: PostgreSQL behind Redis (@sessionkit/cached-db README)', async () => {
    const schema = unique('qs_cached');
    const admin = pg();
    await admin.raw(`CREATE SCHEMA ${schema}`);
    try {
      const code = fence('@sessionkit/cached-db/README.md', '## Quick start');
      // The quick start's knex is not kept in a variable: the process ends once the check is done.
      writeFileSync(join(APP, 'qs-cached-db.ts'), `${code}\n${ROUND_TRIP('await engine.close();\nprocess.exit(0);')}`);
      const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const env = { SESSION_SECRET: SECRET, DATABASE_URL: url, REDIS_URL };
      assert.equal((await node(['--import', 'tsx', 'qs-cached-db.ts'], env)).stdout, '1');
    } finally {
      await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
      await admin.destroy();
    }
  });
});

/** Expired rows straight into the engine's table: the CLI's work, seeded fast. */
async function seedSqlite(file, expired, live) {
  const { createDbEngine } = requireInApp('@sessionkit/db');
  const engine = createDbEngine({ filename: file });
  await engine.migrate();
  await engine.close();
  const Database = requireInApp('better-sqlite3');
  const db = new Database(file);
  const insert = db.prepare('INSERT INTO sessionkit_sessions (session_key, session_data, expires_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < expired; i++) insert.run(`e${i}`, 'x', Date.now() - 60_000);
    for (let i = 0; i < live; i++) insert.run(`l${i}`, 'x', Date.now() + 3_600_000);
  })();
  const count = () => db.prepare('SELECT count(*) AS n FROM sessionkit_sessions').get().n;
  return { count, close: () => db.close() };
}

/** `n` expired rows in a fresh PostgreSQL table of the engine's shape. */
async function seedPg(db, table, n) {
  const { createDbEngine } = requireInApp('@sessionkit/db');
  await createDbEngine({ knex: db, tableName: table }).migrate();
  await db.raw(
    `INSERT INTO ${table} (session_key, session_data, expires_at) SELECT 'e' || g, 'x', now() - interval '1 hour' FROM generate_series(1, ${n}) g`,
  );
}

/** Runs clear-expired to the end: exit 0, the count, and the process gone within 2 s of printing it. */
async function clearsAll(t, args, env, count) {
  const result = await cli(['clear-expired', ...args], env).done;
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `Removed ${count} expired sessions.\n`);
  const lag = result.exitedAt - result.resultAt;
  assert.ok(lag < 2000, `exited ${lag} ms after printing its count`);
  t.diagnostic(`exited ${lag} ms after printing its count`);
}

/** Starts clear-expired in small batches, sends SIGTERM once it reports progress, checks the exit. */
async function terminateMidRun(t, args, env) {
  const started = cli(['clear-expired', ...args, '--batch-size', '20'], env);
  while (!/removed so far/.test(started.stderr())) await new Promise((r) => setTimeout(r, 25));
  const sentAt = Date.now();
  started.child.kill('SIGTERM');
  const result = await started.done;
  assert.equal(result.code, 130, result.stderr);
  assert.ok(result.exitedAt - sentAt < 1000, `exited ${result.exitedAt - sentAt} ms after SIGTERM`);
  t.diagnostic(`exited ${result.exitedAt - sentAt} ms after SIGTERM`);
  return result;
}

const SQLITE_CONFIG = {
  mjs: `import { createDbEngine } from '@sessionkit/db';\nexport default createDbEngine({ filename: process.env.SESSIONS_DB });\n`,
  cjs: `const { createDbEngine } = require('@sessionkit/db');\nmodule.exports = createDbEngine({ filename: process.env.SESSIONS_DB });\n`,
};
const PG_CONFIG = {
  mjs: `import knex from 'knex';
import { createDbEngine } from '@sessionkit/db';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export const engine = createDbEngine({ knex: db, tableName: process.env.SESSIONS_TABLE });
export const close = () => db.destroy();
`,
  cjs: `const knex = require('knex');
const { createDbEngine } = require('@sessionkit/db');
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
module.exports = { engine: createDbEngine({ knex: db, tableName: process.env.SESSIONS_TABLE }), close: () => db.destroy() };
`,
};

describe('the sessionkit CLI, installed', () => {
  for (const style of ['mjs', 'cjs']) {
    it(`clear-expired, SQLite, .${style} config, no secret: exits 0 with the count within 2 s of its last batch`, async (t) => {
      writeFileSync(join(APP, `sqlite.config.${style}`), SQLITE_CONFIG[style]);
      const file = join(APP, `${unique('cli')}.sqlite3`);
      const seeded = await seedSqlite(file, 2500, 3);
      await clearsAll(t, ['--config', `sqlite.config.${style}`, '--batch-size', '1000'], { SESSIONS_DB: file }, 2500);
      assert.equal(seeded.count(), 3);
      seeded.close();
    });

    it(`clear-expired, PostgreSQL (knex pool closed by the config), .${style} config: exits 0 within 2 s`, async (t) => {
      writeFileSync(join(APP, `pg.config.${style}`), PG_CONFIG[style]);
      const table = unique('cli_pg');
      const db = pg();
      try {
        await seedPg(db, table, 1500);
        const env = { DATABASE_URL: PG_URL, SESSIONS_TABLE: table };
        await clearsAll(t, ['--config', `pg.config.${style}`, '--batch-size', '500'], env, 1500);
      } finally {
        await db.schema.dropTableIfExists(table);
        await db.destroy();
      }
    });
  }

  it('SIGTERM mid-run (SQLite, 400k expired rows, batches of 20): exits 130 within 1 s, rows left', async (t) => {
    writeFileSync(join(APP, 'sqlite.config.mjs'), SQLITE_CONFIG.mjs);
    const file = join(APP, `${unique('cli_sig')}.sqlite3`);
    const seeded = await seedSqlite(file, 400_000, 0);
    const result = await terminateMidRun(t, ['--config', 'sqlite.config.mjs'], { SESSIONS_DB: file });
    assert.match(result.stderr, /Interrupted after removing \d+ expired sessions?\./);
    const left = seeded.count();
    assert.ok(left > 0 && left < 400_000, `${left} rows left`);
    seeded.close();
  });

  it('SIGTERM mid-run (PostgreSQL, 200k expired rows, batches of 20): exits 130 within 1 s', async (t) => {
    writeFileSync(join(APP, 'pg.config.mjs'), PG_CONFIG.mjs);
    const table = unique('cli_pgsig');
    const db = pg();
    try {
      await seedPg(db, table, 200_000);
      await terminateMidRun(t, ['--config', 'pg.config.mjs'], { DATABASE_URL: PG_URL, SESSIONS_TABLE: table });
      const [{ n }] = (await db.raw(`SELECT count(*)::int AS n FROM ${table}`)).rows;
      assert.ok(n > 0, 'the run was stopped before the end');
    } finally {
      await db.schema.dropTableIfExists(table);
      await db.destroy();
    }
  });

  it('migrate and clear-expired with a .ts config, through the project tsx', async () => {
    writeFileSync(
      join(APP, 'sessionkit.config.ts'),
      `import { createDbEngine } from '@sessionkit/db';\nconst file: string = process.env.SESSIONS_DB!;\nexport default createDbEngine({ filename: file });\n`,
    );
    const env = { SESSIONS_DB: join(APP, `${unique('ts')}.sqlite3`) };
    const migrated = await cli(['migrate'], env).done;
    assert.equal(migrated.code, 0, migrated.stderr);
    const cleared = await cli(['clear-expired'], env).done;
    assert.deepEqual([cleared.code, cleared.stdout], [0, 'Removed 0 expired sessions.\n']);
  });
});

describe('the shipped knex migration under each module system', () => {
  for (const [folder, file] of [
    ['esm', '20260101000000_create_sessionkit_sessions.js'],
    ['cjs', '20260101000000_create_sessionkit_sessions.cjs'],
  ]) {
    it(`migrations/${folder} copied into a "type": "module" app`, async () => {
      const dir = join(APP, `migrations-${folder}`);
      await run('mkdir', ['-p', dir]);
      writeFileSync(join(dir, file), readFileSync(join(APP, 'node_modules/@sessionkit/db/migrations', folder, file)));
      const script = `import knex from 'knex';
const db = knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
const [, applied] = await db.migrate.latest({ directory: ${JSON.stringify(dir)} });
process.stdout.write(JSON.stringify({ applied, table: await db.schema.hasTable('sessionkit_sessions') }));
await db.destroy();`;
      writeFileSync(join(APP, `migrate-${folder}.mjs`), script);
      const { stdout } = await node([`migrate-${folder}.mjs`]);
      assert.deepEqual(JSON.parse(stdout), { applied: [file], table: true });
    });
  }
});
