import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDbEngine } from '@sessionkit/db';
import { runCli, startCli, tempProject } from './run-cli';

jest.setTimeout(30_000);

/** An engine whose clearExpired never ends and ignores the signal, whose close() hangs too. */
const STUCK_CONFIG = `import { writeFileSync } from 'node:fs';
export default {
  name: 'stuck',
  capabilities: { clearExpired: 'supported' },
  clearExpired: () => { writeFileSync('started', 'yes'); setInterval(() => {}, 1000); return new Promise(() => {}); },
  close: () => new Promise(() => {}),
};
`;

/** A config that opens something the engine does not own (a timer here, a knex pool in life). */
const OPENS_HANDLE = (style: 'mjs' | 'cjs') => {
  const engine = `{ name: 'e', capabilities: { clearExpired: 'supported' }, clearExpired: async () => 2, close: async () => {} }`;
  const body = `const pool = setInterval(() => {}, 1000);
const close = () => { clearInterval(pool); require_fs().writeFileSync('disposed', 'yes'); };`;
  return style === 'mjs'
    ? `import * as fs from 'node:fs';\nconst require_fs = () => fs;\n${body}\nexport default { engine: ${engine}, close };\n`
    : `const require_fs = () => require('node:fs');\n${body}\nmodule.exports = { engine: ${engine}, close };\n`;
};

describe('sessionkit ends its process', () => {
  it.each(['mjs', 'cjs'] as const)("runs a .%s config's close() after the command, once", async (style) => {
    const project = tempProject({ [`c.${style}`]: OPENS_HANDLE(style) });
    try {
      const run = await runCli(['clear-expired', '--config', `c.${style}`], project.dir);
      expect(run).toEqual({ code: 0, stdout: 'Removed 2 expired sessions.\n', stderr: '' });
      expect(readFileSync(join(project.dir, 'disposed'), 'utf8')).toBe('yes');
    } finally {
      project.cleanup();
    }
  });

  it('says why a command failed at once, and ends within the close grace when closing hangs', async () => {
    const failing = `export default {
  name: 'e',
  capabilities: { clearExpired: 'supported' },
  clearExpired: async () => { throw new Error('the store went away'); },
  close: () => new Promise(() => {}),
};\n`;
    const project = tempProject({ 'sessionkit.config.mjs': failing });
    try {
      const started = Date.now();
      const run = await runCli(['clear-expired'], project.dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        "sessionkit: Error: the store went away\nsessionkit: closing the engine and the config's resources took over 2000 ms; exiting\n",
      );
      // The grace, plus starting node with tsx.
      expect(Date.now() - started).toBeLessThan(2000 + 8000);
    } finally {
      project.cleanup();
    }
  });

  it('exits with its code even when the config leaves a handle open', async () => {
    const leaky = `setInterval(() => {}, 1000);
export default { name: 'e', capabilities: { clearExpired: 'supported' }, clearExpired: async () => 1, close: async () => {} };\n`;
    const project = tempProject({ 'sessionkit.config.mjs': leaky });
    try {
      expect(await runCli(['clear-expired'], project.dir)).toEqual({
        code: 0,
        stdout: 'Removed 1 expired session.\n',
        stderr: '',
      });
    } finally {
      project.cleanup();
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'exits 130 within 1 s of %s, even mid-batch with a hanging close()',
    async (signal) => {
      const project = tempProject({ 'sessionkit.config.mjs': STUCK_CONFIG });
      try {
        const { child, result } = startCli(['clear-expired'], project.dir);
        while (!existsSync(join(project.dir, 'started'))) await new Promise((r) => setTimeout(r, 20));
        const sentAt = Date.now();
        child.kill(signal);
        const run = await result;
        expect(run.code).toBe(130);
        expect(run.closedAt - sentAt).toBeLessThan(1000);
        expect(run.stderr).toMatch(/Interrupted after removing 0 expired sessions\./);
      } finally {
        project.cleanup();
      }
    },
  );
});

describe('clear-expired needs no signing secret', () => {
  it('clears a db engine built without a secret; reads and writes refuse with ConfigError', async () => {
    const project = tempProject({
      'sessionkit.config.mjs': `import { createDbEngine } from '@sessionkit/db';
export default createDbEngine({ filename: process.env.SESSIONS_DB, secret: process.env.SESSION_SECRET });
`,
    });
    const file = join(project.dir, 'sessions.sqlite3');
    try {
      const past = Date.now() - 60_000;
      const seeder = createDbEngine({ filename: file, secret: 's'.repeat(40), clock: { now: () => past } });
      await seeder.migrate();
      await seeder.create('k'.repeat(32), { data: { a: 1 }, expiresAt: new Date(past + 1000) });
      await seeder.close();
      const run = await runCli(['clear-expired'], project.dir, { SESSIONS_DB: file });
      expect(run).toEqual({ code: 0, stdout: 'Removed 1 expired session.\n', stderr: '' });

      const bare = createDbEngine({ filename: file });
      await expect(bare.create('m'.repeat(32), { data: {}, expiresAt: new Date(Date.now() + 60_000) })).rejects.toThrow(
        /pass `secret`/,
      );
      await bare.close();
    } finally {
      project.cleanup();
    }
  });
});
