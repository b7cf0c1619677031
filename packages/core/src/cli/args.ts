import { CliError, EXIT } from './io.js';

export interface ParsedArgs {
  command: string | undefined;
  help: boolean;
  config: string | undefined;
  batchSize: number | undefined;
}

const VALUE_FLAGS = new Set(['--config', '--batch-size']);

/** A small parser: `cmd`, `--flag value`, `--flag=value`, `-h`/`--help`. Unknown flags are errors. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { command: undefined, help: false, config: undefined, batchSize: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    if (arg.startsWith('-')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (!VALUE_FLAGS.has(name)) throw new CliError(`unknown option ${name}`, EXIT.usage);
      const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') throw new CliError(`${name} needs a value`, EXIT.usage);
      if (name === '--config') out.config = value;
      else out.batchSize = positiveInteger(value);
      continue;
    }
    if (out.command === undefined) out.command = arg;
    else if (out.command === 'help') out.command = `help:${arg}`;
    else throw new CliError(`unexpected argument ${arg}`, EXIT.usage);
  }
  return out;
}

function positiveInteger(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) {
    throw new CliError(`--batch-size must be a positive integer, not ${text}`, EXIT.usage);
  }
  return n;
}
