import { EngineUnavailableError, SessionError } from '../errors.js';

/** The default deadline on a store call. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 5000;

/**
 * Runs one store call under a deadline. A `SessionError` passes through untouched;
 * any other failure, or the deadline, becomes `EngineUnavailableError` with the failure as `cause`.
 */
export async function withDeadline<T>(
  engineName: string,
  operation: string,
  timeoutMs: number,
  run: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EngineUnavailableError(`[${engineName}] ${operation} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref?.();
  });
  try {
    return await Promise.race([run(), deadline]);
  } catch (error) {
    if (error instanceof SessionError) throw error;
    throw new EngineUnavailableError(`[${engineName}] ${operation} failed: ${describe(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** The driver's error code or class, never its message: messages can quote keys or SQL values. */
function describe(error: unknown): string {
  // Duck-typed: errors from another realm (a native addon under jest) fail instanceof.
  if (typeof error !== 'object' || error === null) return typeof error;
  const { name, code } = error as { name?: unknown; code?: unknown };
  const label = typeof name === 'string' ? name : 'Error';
  return typeof code === 'string' || typeof code === 'number' ? `${label} ${code}` : label;
}
