/**
 * The layering rules (.dependency-cruiser.cjs) fire: each case plants one forbidden import in a
 * small tree laid out like the repository, runs the real dependency-cruiser on it and expects the
 * rule by name; the same tree without the planted import passes. `npm test` runs the same config
 * over the real sources.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '../../../..');
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** A legal miniature of the repository: each layer imports only what it may. */
const LEGAL: Record<string, string> = {
  'packages/core/src/errors.ts': 'export class SessionError extends Error {}\n',
  'packages/core/src/signing/signer.ts': "import { SessionError } from '../errors.js';\nexport const s = SessionError;\n",
  'packages/core/src/session/session.ts': "import { s } from '../signing/signer.js';\nexport const session = s;\n",
  'packages/core/src/http/manager.ts': "import { session } from '../session/session.js';\nexport const manager = session;\n",
  'packages/core/src/contrib/csrf/csrf.ts': "import { manager } from '../../http/manager.js';\nexport const csrf = manager;\n",
  'packages/core/src/frameworks/node/session.ts': "import { manager } from '../../http/manager.js';\nexport const node = manager;\n",
  'packages/core/src/frameworks/koa/session.ts': "import { node } from '../node/session.js';\nexport const koa = node;\n",
  'packages/core/src/frameworks/fastify/session.ts': "import { csrf } from '../../contrib/csrf/csrf.js';\nexport const fastify = csrf;\n",
  'packages/core/src/index.ts': "export { session } from './session/session.js';\n",
  'packages/db/src/engine.ts': "import { session } from '../../core/src/index.js';\nexport const db = session;\n",
};

/** One forbidden import per rule: the file it goes in, its text, the rule that must report it. */
const PLANTED: Array<[rule: string, file: string, text: string]> = [
  ['engine-knows-no-http', 'packages/db/src/bad-http.ts', "import { manager } from '../../core/src/http/manager.js';\nexport const x = manager;\n"],
  ['engine-uses-public-core-only', 'packages/db/src/bad-internal.ts', "import { session } from '../../core/src/session/session.js';\nexport const x = session;\n"],
  ['core-imports-no-engine-package', 'packages/core/src/http/bad-engine.ts', "import { db } from '../../../db/src/engine.js';\nexport const x = db;\n"],
  ['leaf-stays-leaf', 'packages/core/src/signing/bad.ts', "import { session } from '../session/session.js';\nexport const x = session;\n"],
  ['contrib-is-framework-free', 'packages/core/src/contrib/csrf/bad.ts', "import { node } from '../../frameworks/node/session.js';\nexport const x = node;\n"],
  ['session-knows-no-http', 'packages/core/src/session/bad.ts', "import type { manager } from '../http/manager.js';\nexport type X = typeof manager;\n"],
  ['http-knows-no-framework', 'packages/core/src/http/bad-framework.ts', "import { koa } from '../frameworks/koa/session.js';\nexport const x = koa;\n"],
  ['framework-folders-stay-apart', 'packages/core/src/frameworks/node/bad.ts', "import { fastify } from '../fastify/session.js';\nexport const x = fastify;\n"],
];

/** Runs the real dependency-cruiser with the repository's config; its exit status and `rule: file` per violation. */
function cruise(files: Record<string, string>): { status: number | null; found: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sessionkit-layers-'));
  try {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const run = spawnSync(process.execPath, [depcruise, 'packages', '--config', config, '--output-type', 'err'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (run.error) throw run.error;
    const found = [...run.stdout.matchAll(/^\s*error (\S+): (\S+)/gm)].map(([, rule, from]) => `${rule}: ${from}`);
    return { status: run.status, found };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('layering rules (dependency-cruiser)', () => {
  it('pass a tree where every layer imports only what it may', () => {
    expect(cruise(LEGAL)).toEqual({ status: 0, found: [] });
  });

  it('report each planted import by its rule, and fail the run', () => {
    const planted = Object.fromEntries(PLANTED.map(([, file, text]) => [file, text]));
    const result = cruise({ ...LEGAL, ...planted });
    expect(result.found.sort()).toEqual(PLANTED.map(([rule, file]) => `${rule}: ${file}`).sort());
    expect(result.status).toBe(PLANTED.length);
  });
});
