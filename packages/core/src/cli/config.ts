import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SessionEngine } from '../engine/types.js';
import { CliError } from './io.js';

/** Looked for in the working directory, in this order. */
export const CONFIG_NAMES = [
  'sessionkit.config.mjs',
  'sessionkit.config.js',
  'sessionkit.config.cjs',
  'sessionkit.config.ts',
  'sessionkit.config.mts',
  'sessionkit.config.cts',
];

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/** The config file: `--config` (relative to cwd) or the first of CONFIG_NAMES in cwd. */
export function findConfig(cwd: string, given: string | undefined): string {
  if (given !== undefined) {
    const file = resolve(cwd, given);
    if (!existsSync(file)) throw new CliError(`config file not found: ${file}`);
    return file;
  }
  for (const name of CONFIG_NAMES) {
    const file = resolve(cwd, name);
    if (existsSync(file)) return file;
  }
  throw new CliError(`no config file: pass --config <file>, or create ${CONFIG_NAMES[0]} in ${cwd}`);
}

/**
 * The engine a config exports: `export default engine`, `export const engine`, the manager's
 * settings (`{ engine, ... }`), a SessionManager, or a function returning any of these.
 */
export async function loadEngine(file: string): Promise<SessionEngine> {
  const mod = await importConfig(file);
  for (const candidate of [mod.engine, mod.default]) {
    const engine = await unwrap(candidate);
    if (engine !== null) return engine;
  }
  throw new CliError(
    `${file} exports no session engine: export it as default or as \`engine\`, or export { engine, ... }`,
  );
}

async function importConfig(file: string): Promise<Record<string, unknown>> {
  try {
    // Stays a native import() in the CommonJS build (NodeNext, esbuild for node20): .mjs configs load too.
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (TS_EXTENSIONS.has(extname(file)) && code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw new CliError(
        `${file} is TypeScript: run the CLI with a loader, e.g. NODE_OPTIONS="--import tsx" sessionkit ..., or use a .mjs config`,
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot load ${file}: ${detail}`);
  }
}

async function unwrap(value: unknown, depth = 0): Promise<SessionEngine | null> {
  if (isEngine(value)) return value;
  if (depth > 2 || value === null || value === undefined) return null;
  if (typeof value === 'function') return unwrap(await (value as () => unknown)(), depth + 1);
  if (typeof value === 'object') {
    const inner = value as { engine?: unknown; default?: unknown };
    return (await unwrap(inner.engine, depth + 1)) ?? (await unwrap(inner.default, depth + 1));
  }
  return null;
}

function isEngine(value: unknown): value is SessionEngine {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof SessionEngine, unknown>>;
  return (
    typeof v.name === 'string' &&
    typeof v.capabilities === 'object' &&
    v.capabilities !== null &&
    typeof v.clearExpired === 'function' &&
    typeof v.close === 'function'
  );
}
