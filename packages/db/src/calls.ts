import { engineClosed, engineFailure, withDeadline } from '@sessionkit/core/engine';
import { redact } from './row-values.js';

/**
 * How the db engine makes each store call: refused once closed, driver errors mapped to
 * EngineUnavailableError, and bounded by the deadline unless the statements answer within the
 * call (the engine's own synchronous SQLite, where a timer could only fire after the statement
 * had finished). knex writes the bound values into driver error messages, so `secrets` (the
 * key, its stored form, the data) are cut out of them first.
 */
export class StoreCalls {
  #closed = false;

  constructor(
    private readonly engineName: string,
    private readonly timeoutMs: number,
    /** Whether calls run under a deadline timer. */
    private readonly deadline: boolean,
  ) {}

  /** Refuses every later call; false when already closed. */
  close(): boolean {
    if (this.#closed) return false;
    this.#closed = true;
    return true;
  }

  /** After close() every call rejects, before any check of its arguments. */
  ensureOpen(operation: string): void {
    if (this.#closed) throw engineClosed(this.engineName, operation);
  }

  /** A call whose statements answer within it: same refusal, same error mapping, no promise. */
  now<T>(operation: string, secrets: readonly string[], run: () => T): T {
    this.ensureOpen(operation);
    try {
      return run();
    } catch (error) {
      throw engineFailure(this.engineName, operation, error, redact(error, secrets));
    }
  }

  /**
   * An asynchronous call, under the deadline where there is one, unless `bounded` is false: a
   * schema change (migrate) may rightly wait on a lock or copy a table for longer, and a
   * deadline would report it failed while it goes on running.
   */
  call<T>(operation: string, secrets: readonly string[], run: () => Promise<T>, bounded = true): Promise<T> {
    try {
      this.ensureOpen(operation);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!this.deadline || !bounded) {
      return run().catch((error: unknown) => {
        throw engineFailure(this.engineName, operation, error, redact(error, secrets));
      });
    }
    return withDeadline(this.engineName, operation, this.timeoutMs, run, (error) => redact(error, secrets));
  }
}
