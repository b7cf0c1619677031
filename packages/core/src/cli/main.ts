import { parseArgs } from './args.js';
import { CLEAR_EXPIRED_HELP, clearExpired } from './clear-expired.js';
import { findConfig, type LoadedConfig, loadConfig } from './config.js';
import { CliError, type CliIo, EXIT } from './io.js';
import { MIGRATE_HELP, migrate } from './migrate.js';

export const MAIN_HELP = `Usage: sessionkit <command> [options]

Commands:
  clear-expired   remove expired sessions (Django's clearsessions)
  migrate         create the engine's schema
  help [command]  show help

Every command reads a config file exporting the engine: sessionkit.config.mjs
(or .js, .cjs) in the working directory, or --config <file>. A .ts config loads
through the project's tsx (npm i -D tsx). A config may also export close() for
what it opened (a knex pool): it runs after the command.

Run "sessionkit <command> --help" for a command's options.
`;

const HELP: Readonly<Record<string, string>> = { 'clear-expired': CLEAR_EXPIRED_HELP, migrate: MIGRATE_HELP };

/** How long closing the engine and what the config opened may take before the command ends anyway. */
export const CLOSE_GRACE_MS = 2000;

/** The whole CLI; resolves to the exit code. Output goes only through `io`. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    return report(error, io);
  }
}

/** Writes a failure and gives its exit code. */
function report(error: unknown, io: CliIo): number {
  if (error instanceof CliError) {
    io.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.stderr.write(`sessionkit: ${detail}\n`);
  return EXIT.failed;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  const command = args.command;
  if (command === undefined || command === 'help') {
    (args.help || command === 'help' ? io.stdout : io.stderr).write(MAIN_HELP);
    return args.help || command === 'help' ? EXIT.ok : EXIT.usage;
  }
  if (command.startsWith('help:')) return showHelp(command.slice(5), io);
  const help = HELP[command];
  if (help === undefined) throw new CliError(`unknown command '${command}'\n\n${MAIN_HELP}`, EXIT.usage);
  if (args.help) {
    io.stdout.write(help);
    return EXIT.ok;
  }
  const config = await loadConfig(findConfig(io.cwd, args.config));
  const { engine } = config;
  try {
    return command === 'migrate' ? await migrate(engine, io) : await clearExpired(engine, io, args.batchSize);
  } catch (error) {
    // Said now: closing a pool with a connection still pending can take its own timeout.
    return report(error, io);
  } finally {
    await closeWithin(config, io);
  }
}

/** `closeAll`, or after CLOSE_GRACE_MS a line saying so: the command's outcome stands either way. */
async function closeWithin(config: LoadedConfig, io: CliIo): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    // Not unref'd: a close that waits on nothing would otherwise end the loop without a word.
    timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS);
  });
  const closed = closeAll(config).then(
    () => 'closed' as const,
    (error: unknown) => {
      io.stderr.write(`sessionkit: closing failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return 'closed' as const;
    },
  );
  if ((await Promise.race([closed, late])) === 'late') {
    io.stderr.write(
      `sessionkit: closing the engine and the config's resources took over ${CLOSE_GRACE_MS} ms; exiting\n`,
    );
  }
  clearTimeout(timer);
}

/** The engine, then what the config opened (its knex pool, say), so the process can end. */
async function closeAll({ engine, disposers }: LoadedConfig): Promise<void> {
  await engine.close();
  for (const dispose of disposers) await dispose();
}

function showHelp(command: string, io: CliIo): number {
  const help = HELP[command];
  if (help === undefined) throw new CliError(`unknown command '${command}'`, EXIT.usage);
  io.stdout.write(help);
  return EXIT.ok;
}
