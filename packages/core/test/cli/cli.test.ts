import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDbEngine } from '@sessionkit/db';
import { runCli, tempProject, tinyEngineConfig } from './run-cli';

const SECRET = 'cli-test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
jest.setTimeout(30_000);

const DB_CONFIG = `import { createDbEngine } from '@sessionkit/db';
export default createDbEngine({ filename: process.env.SESSIONS_DB, secret: '${SECRET}' });
`;

describe('sessionkit clear-expired on a SQLite file (@sessionkit/db)', () => {
  it('removes the expired sessions only, prints the count, exits 0', async () => {
    const project = tempProject({ 'sessionkit.config.mjs': DB_CONFIG });
    const file = join(project.dir, 'sessions.sqlite3');
    try {
      const past = Date.now() - 3_600_000;
      const seeder = createDbEngine({ filename: file, secret: SECRET, clock: { now: () => past } });
      await seeder.migrate();
      const live: string[] = [];
      for (let i = 0; i < 25; i++) {
        await seeder.create(`expired${String(i).padStart(25, '0')}`, { data: { i }, expiresAt: new Date(past + 1000) });
      }
      for (let i = 0; i < 5; i++) {
        const key = `live${String(i).padStart(28, '0')}`;
        live.push(key);
        await seeder.create(key, { data: { i }, expiresAt: new Date(Date.now() + 3_600_000) });
      }
      await seeder.close();

      const env = { SESSIONS_DB: file };
      const first = await runCli(['clear-expired', '--batch-size', '10'], project.dir, env);
      expect(first).toEqual({ code: 0, stdout: 'Removed 25 expired sessions.\n', stderr: '' });
      const again = await runCli(['clear-expired', '--config', 'sessionkit.config.mjs'], project.dir, env);
      expect(again).toEqual({ code: 0, stdout: 'Removed 0 expired sessions.\n', stderr: '' });

      const check = createDbEngine({ filename: file, secret: SECRET });
      for (const key of live) expect(await check.exists(key)).toBe(true);
      await check.close();
    } finally {
      project.cleanup();
    }
  });

  it('migrate creates the schema of a fresh file', async () => {
    const project = tempProject({ 'sk.config.mjs': DB_CONFIG });
    const env = { SESSIONS_DB: join(project.dir, 'fresh.sqlite3') };
    try {
      const before = await runCli(['clear-expired', '--config', 'sk.config.mjs'], project.dir, env);
      expect(before.code).toBe(1);
      const migrated = await runCli(['migrate', '--config', 'sk.config.mjs'], project.dir, env);
      expect(migrated).toEqual({ code: 0, stdout: "Session engine 'db:sqlite' is migrated.\n", stderr: '' });
      const after = await runCli(['clear-expired', '--config', 'sk.config.mjs'], project.dir, env);
      expect(after).toEqual({ code: 0, stdout: 'Removed 0 expired sessions.\n', stderr: '' });
    } finally {
      project.cleanup();
    }
  });

  it('rejects a bad --batch-size before touching the store', async () => {
    const project = tempProject({ 'sessionkit.config.mjs': tinyEngineConfig('supported') });
    try {
      const run = await runCli(['clear-expired', '--batch-size', '0'], project.dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('--batch-size must be a positive integer, not 0\n');
      expect(existsSync(join(project.dir, 'closed'))).toBe(false);
    } finally {
      project.cleanup();
    }
  });
});

describe('sessionkit and the engine capability', () => {
  it("'unnecessary': a one-line explanation, exit 0, engine closed", async () => {
    const project = tempProject({ 'sessionkit.config.mjs': tinyEngineConfig('unnecessary') });
    try {
      expect(await runCli(['clear-expired'], project.dir)).toEqual({
        code: 0,
        stdout: "Session engine 'tiny-unnecessary' expires sessions by itself: nothing to clear.\n",
        stderr: '',
      });
      expect(existsSync(join(project.dir, 'closed'))).toBe(true);
    } finally {
      project.cleanup();
    }
  });

  it("'unsupported': Django's message, exit 1, engine closed", async () => {
    const project = tempProject({ 'sessionkit.config.mjs': tinyEngineConfig('unsupported') });
    try {
      expect(await runCli(['clear-expired'], project.dir)).toEqual({
        code: 1,
        stdout: '',
        stderr: "Session engine 'tiny-unsupported' doesn't support clearing expired sessions.\n",
      });
      expect(existsSync(join(project.dir, 'closed'))).toBe(true);
    } finally {
      project.cleanup();
    }
  });

  it('migrate: calls migrate(), or fails clearly when the engine has none', async () => {
    const project = tempProject({
      'with.mjs': tinyEngineConfig('supported', true),
      'without.mjs': tinyEngineConfig('supported'),
    });
    try {
      const ok = await runCli(['migrate', '--config', 'with.mjs'], project.dir);
      expect(ok.code).toBe(0);
      expect(existsSync(join(project.dir, 'migrated'))).toBe(true);
      const none = await runCli(['migrate', '--config=without.mjs'], project.dir);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/^Session engine 'tiny-supported' has no migrate\(\)/);
    } finally {
      project.cleanup();
    }
  });

  it('reads the settings form, a named export, a factory, and a .ts config under tsx', async () => {
    const engine =
      "{ name: 'n', capabilities: { clearExpired: 'supported' }, clearExpired: async () => 7, close: async () => {} }";
    const project = tempProject({
      'settings.mjs': `export default { engine: ${engine}, cookie: { secure: true } };`,
      'named.cjs': `exports.engine = ${engine};`,
      'factory.mjs': `export default async () => (${engine});`,
      'sessionkit.config.ts': `import type { SessionEngine } from '@sessionkit/core';\nconst engine = ${engine} as unknown as SessionEngine;\nexport default engine;\n`,
      'empty.mjs': 'export const nothing = 1;',
    });
    try {
      for (const config of ['settings.mjs', 'named.cjs', 'factory.mjs', 'sessionkit.config.ts']) {
        expect(await runCli(['clear-expired', '--config', config], project.dir)).toEqual({
          code: 0,
          stdout: 'Removed 7 expired sessions.\n',
          stderr: '',
        });
      }
      const empty = await runCli(['clear-expired', '--config', 'empty.mjs'], project.dir);
      expect(empty.code).toBe(1);
      expect(empty.stderr).toMatch(/exports no session engine/);
    } finally {
      project.cleanup();
    }
  });

  it('fails clearly without a config', async () => {
    const project = tempProject();
    try {
      const run = await runCli(['clear-expired'], project.dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^no config file: pass --config <file>, or create sessionkit.config.mjs in /);
    } finally {
      project.cleanup();
    }
  });
});

describe('sessionkit --help', () => {
  const project = tempProject();
  afterAll(() => project.cleanup());

  it.each([
    [['--help'], /^Usage: sessionkit <command> \[options\]/],
    [['help'], /^Usage: sessionkit <command>/],
    [['clear-expired', '--help'], /^Usage: sessionkit clear-expired \[--config <file>\] \[--batch-size <n>\]/],
    [['migrate', '-h'], /^Usage: sessionkit migrate \[--config <file>\]/],
    [['help', 'migrate'], /^Usage: sessionkit migrate/],
  ])('%j prints usage on stdout and exits 0', async (args, usage) => {
    const run = await runCli(args, project.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(usage);
    expect(run.stderr).toBe('');
  });

  it('no command or an unknown one: usage on stderr, exit 2', async () => {
    const none = await runCli([], project.dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage: sessionkit/);
    const unknown = await runCli(['clearsessions'], project.dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^unknown command 'clearsessions'/);
    const flag = await runCli(['clear-expired', '--force'], project.dir);
    expect(flag).toEqual({ code: 2, stdout: '', stderr: 'unknown option --force\n' });
  });
});
