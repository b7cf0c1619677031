import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../../..');
const CLI = join(REPO, 'packages/core/src/cli.ts');
const tsxDir = dirname(require.resolve('tsx/package.json', { paths: [REPO] }));
const TSX = join(
  tsxDir,
  (JSON.parse(readFileSync(join(tsxDir, 'package.json'), 'utf8')) as { exports: { '.': string } }).exports['.'],
);

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI in a child process, from source: tsx as the loader (an absolute path,
 * so any cwd works) and the workspace's source condition, so configs can import engines.
 */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return startCli(args, cwd, env).result.then(({ code, stdout, stderr }) => ({ code, stdout, stderr }));
}

/** runCli, with the child at hand (to signal it) and the time it closed. */
export function startCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): { child: ChildProcess; result: Promise<CliRun & { closedAt: number }> } {
  let child!: ChildProcess;
  const result = new Promise<CliRun & { closedAt: number }>((done, fail) => {
    child = spawn(process.execPath, ['--conditions=@sessionkit/source', '--import', TSX, CLI, ...args], {
      cwd,
      env: { ...process.env, ...env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, closedAt: Date.now() }));
  });
  return { child, result };
}

/** A temp project dir whose node_modules is the workspace's, so `import '@sessionkit/db'` resolves. */
export function tempProject(files: Record<string, string> = {}): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sessionkit-cli-'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A config exporting a tiny in-line engine; `close()` leaves a marker file behind. */
export function tinyEngineConfig(support: 'unnecessary' | 'unsupported' | 'supported', withMigrate = false): string {
  return `import { writeFileSync } from 'node:fs';
export default {
  name: 'tiny-${support}',
  capabilities: { clearExpired: '${support}' },
  async load() { return null; }, async create(k) { return k; }, async update(k) { return k; },
  async delete() {}, async exists() { return false; },
  async clearExpired() { return 3; },
  ${withMigrate ? "async migrate() { writeFileSync('migrated', 'yes'); }," : ''}
  async close() { writeFileSync('closed', 'yes'); },
};
`;
}
