import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** What a config hands the CLI: the engine, and what to close once the command is done. */
export interface LoadedConfig {
  engine: SessionEngine;
  /** The config's own close/dispose functions (its knex pool, say), run after `engine.close()`. */
  disposers: Array<() => unknown>;
}

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
 * settings (`{ engine, ... }`), a SessionManager, or a function returning any of these. A
 * `close` or `dispose` function (exported, or beside `engine` in the settings object), or
 * `Symbol.asyncDispose`, is run after the command, so whatever the config opened is closed.
 */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  const mod = await importConfig(file);
  const disposers: Disposers = new Map();
  collectDisposers(mod, disposers);
  for (const candidate of [mod.engine, mod.default]) {
    const engine = await unwrap(candidate, disposers);
    if (engine !== null) return { engine, disposers: [...disposers.values()] };
  }
  throw new CliError(
    `${file} exports no session engine: export it as default or as \`engine\`, or export { engine, ... }`,
  );
}

async function importConfig(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    // The bin is the ESM build, so this is Node's import(): .mjs, .cjs and .js configs all load.
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (TS_EXTENSIONS.has(extname(file)) && code === 'ERR_UNKNOWN_FILE_EXTENSION') return importWithTsx(file, url);
    throw cannotLoad(file, error);
  }
}

/** A TypeScript config through the project's own tsx, when it has one. */
async function importWithTsx(file: string, url: string): Promise<Record<string, unknown>> {
  let api: string;
  try {
    // Resolved from the config's folder (the project's tsx); its ES module build, beside the
    // CommonJS one that require.resolve names (the CommonJS tsImport cannot load ESM configs).
    api = createRequire(file).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  } catch {
    throw new CliError(
      `${file} is TypeScript: install tsx in the project (npm i -D tsx), or run the CLI with a loader (NODE_OPTIONS="--import tsx"), or use a .mjs config`,
    );
  }
  try {
    const { tsImport } = (await import(pathToFileURL(api).href)) as {
      tsImport(specifier: string, parent: string): Promise<Record<string, unknown>>;
    };
    return await tsImport(url, url);
  } catch (error) {
    throw cannotLoad(file, error);
  }
}

/** Close functions found so far, keyed by the function itself. */
type Disposers = Map<unknown, () => unknown>;

function cannotLoad(file: string, error: unknown): CliError {
  const detail = error instanceof Error ? error.message : String(error);
  return new CliError(`cannot load ${file}: ${detail}`);
}

function collectDisposers(value: unknown, into: Disposers): void {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return;
  const v = value as Record<PropertyKey, unknown>;
  for (const name of ['close', 'dispose', Symbol.asyncDispose, Symbol.dispose]) {
    const fn = v[name];
    if (typeof fn === 'function') {
      // A CommonJS `module.exports = { engine, close }` shows the same close() twice: run it once.
      if (!into.has(fn)) into.set(fn, () => (fn as () => unknown).call(value));
      return;
    }
  }
}

async function unwrap(value: unknown, disposers: Disposers, depth = 0): Promise<SessionEngine | null> {
  if (isEngine(value)) return value;
  if (depth > 2 || value === null || value === undefined) return null;
  if (typeof value === 'function') return unwrap(await (value as () => unknown)(), disposers, depth + 1);
  if (typeof value === 'object') {
    const inner = value as { engine?: unknown; default?: unknown };
    const engine =
      (await unwrap(inner.engine, disposers, depth + 1)) ?? (await unwrap(inner.default, disposers, depth + 1));
    // The settings object's own close(): a SessionManager's or `{ engine, close }`.
    if (engine !== null && inner.engine !== undefined) collectDisposers(value, disposers);
    return engine;
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
