/** The command line of a bench tool: `name` and `--flag`, `--name=value` options. */
export class ToolArgs {
  constructor(readonly args: readonly string[] = process.argv.slice(2)) {}

  /** The arguments that are not options, in order. */
  get positional(): string[] {
    return this.args.filter((arg) => !arg.startsWith('--'));
  }

  /** Whether `--name` was given. */
  flag(name: string): boolean {
    return this.args.includes(`--${name}`);
  }

  /** The text of `--name=value`, if given. */
  value(name: string): string | undefined {
    return this.args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  }

  /** `--name=value` as a number, `fallback` when not given. */
  num(name: string, fallback: number): number {
    const value = this.value(name);
    return value === undefined ? fallback : Number(value);
  }
}
