/**
 * What importing `/csrf` loads, file by file, in a fresh Node process from the TypeScript sources.
 * The framework-free CSRF code never pulls in a session middleware, the manager or a framework's
 * session glue; the only framework files come through the deprecated re-exports (one minor).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../../..');
const src = resolve(root, 'packages/core/src');

/** The files under packages/core/src that requiring `entry` loads, relative to src. */
function loadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(resolve(src, entry))});
const files = Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(`${src}/`)}));
process.stdout.write(JSON.stringify(files.map((f) => f.slice(${src.length + 1}))));`;
  const run = spawnSync(process.execPath, ['--conditions=@sessionkit/source', '--require', 'tsx/cjs', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[];
}

describe('what importing /csrf loads', () => {
  const files = loadedBy('csrf.ts');

  it('loads no session middleware, no manager and no framework session glue', () => {
    const forbidden = files.filter((f) => /^frameworks\/[^/]+\/(session|hold|commit-headers)\.ts$/.test(f) || f.startsWith('http/manager') || f === 'http/open.ts');
    expect(forbidden).toEqual([]);
  });

  it('loads framework files only for the deprecated re-exports, and 30 files in all, the entry included (20 once they go)', () => {
    const glue = files.filter((f) => f.startsWith('frameworks/')).sort();
    expect(glue).toEqual([
      'frameworks/fastify/csrf.ts',
      'frameworks/fastify/plugin.ts',
      'frameworks/fetch/csrf.ts',
      'frameworks/hono/csrf.ts',
      'frameworks/koa/csrf.ts',
      'frameworks/node/csrf.ts',
      'frameworks/node/session-of.ts',
    ]);
    expect(files).toContain('deprecated/csrf.ts');
    expect(files).toHaveLength(30);
  });
});
