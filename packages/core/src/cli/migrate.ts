import type { SessionEngine } from '../engine/types.js';
import { CliError, type CliIo, EXIT } from './io.js';

export const MIGRATE_HELP = `Usage: sessionkit migrate [--config <file>]

Creates the engine's schema (the sessions table and its expiry index) when it is
missing. Safe to run again. Engines without a schema have no migrate step.

Options:
  --config <file>    the config exporting the engine (default: sessionkit.config.{mjs,js,cjs,ts} in cwd)
  -h, --help         this help
`;

export async function migrate(engine: SessionEngine, io: CliIo): Promise<number> {
  if (typeof engine.migrate !== 'function') {
    throw new CliError(
      `Session engine '${engine.name}' has no migrate(): it keeps no schema that sessionkit could create.`,
    );
  }
  await engine.migrate();
  io.stdout.write(`Session engine '${engine.name}' is migrated.\n`);
  return EXIT.ok;
}
