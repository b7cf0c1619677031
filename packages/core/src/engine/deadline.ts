import { EngineUnavailableError, SessionError } from '../errors.js';

/** The default deadline on a store call. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 5000;

/**
 * Runs one store call under a deadline. A `SessionError` passes through untouched;
 * any other failure, or the deadline, becomes `EngineUnavailableError`.
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
