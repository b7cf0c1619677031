/**
 * Runs a bench entry point and exits: 0 when it resolves, 1 with the stack when it rejects.
 * Exits explicitly because some peers leave timers behind (better-sqlite3-session-store's
 * cleanup interval), which would keep the process alive.
 */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
