import { EngineMisconfiguredError, EngineUnavailableError, SessionError } from '../errors.js';
import { misconfigurationFix } from './store-misconfiguration.js';

/** The default deadline on a store call. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 5000;

/**
 * What a failed store call becomes: a `SessionError` as it is; a store set up wrong (missing
 * table, permission, read-only, credentials) an `EngineMisconfiguredError` naming the fix;
 * anything else an `EngineUnavailableError` naming the driver's error class and code (never its message,
 * which can quote keys or SQL values), with `cause` as given (the driver error by default).
 */
export function engineFailure(engineName: string, operation: string, error: unknown, cause: unknown = error): Error {
  if (error instanceof SessionError) return error;
  const fix = misconfigurationFix(error);
  if (fix !== null) {
    return new EngineMisconfiguredError(`[${engineName}] ${operation} failed: ${describe(error)}: ${fix}`, { cause });
  }
  return new EngineUnavailableError(`[${engineName}] ${operation} failed: ${describe(error)}`, { cause, operation });
}

/** A call refused because `close()` has run: every call afterwards rejects with this. */
export function engineClosed(engineName: string, operation: string): EngineUnavailableError {
  return new EngineUnavailableError(`[${engineName}] ${operation}: engine is closed`, { operation });
}

/** A store call that did not settle within the deadline. */
export function engineTimedOut(engineName: string, operation: string, timeoutMs: number): EngineUnavailableError {
  return new EngineUnavailableError(`[${engineName}] ${operation} timed out after ${timeoutMs} ms`, { operation });
}

/**
 * Runs one store call under a deadline: one timer and one promise, whichever settles first
 * wins. Failures go through `engineFailure`; `redactCause` may scrub the driver error first.
 */
export function withDeadline<T>(
  engineName: string,
  operation: string,
  timeoutMs: number,
  run: () => Promise<T>,
  redactCause?: (error: unknown) => unknown,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(engineTimedOut(engineName, operation, timeoutMs));
    }, timeoutMs);
    timer.unref();
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      reject(engineFailure(engineName, operation, error, redactCause ? redactCause(error) : error));
    };
    let pending: Promise<T>;
    try {
      pending = run();
    } catch (error) {
      fail(error);
      return;
    }
    pending.then((value) => {
      clearTimeout(timer);
      resolve(value);
    }, fail);
  });
}

/** The driver's error class and code. Duck-typed: errors from another realm fail instanceof. */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const { name, code } = error as { name?: unknown; code?: unknown };
  const label = typeof name === 'string' ? name : 'Error';
  return typeof code === 'string' || typeof code === 'number' ? `${label} ${code}` : label;
}
