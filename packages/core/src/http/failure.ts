import { EngineMisconfiguredError, SessionConflictError, SessionError, SessionInterruptedError } from '../errors.js';
import { CONFLICT_MESSAGE } from './manager.js';
import type { FullLogger } from '../logger.js';

/** The response that replaces the app's when the session cannot be committed. */
export interface FailureResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  409: 'Conflict',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The HTTP status for an error: a SessionError's own, 500 for anything else. */
export function failureStatus(error: unknown): number {
  return error instanceof SessionError ? error.status : 500;
}

/**
 * The body every adapter answers a failure with: the status's reason phrase, or core's own text
 * written for users (Django's SessionInterrupted text for 400, `CONFLICT_MESSAGE` for 409); never
 * an engine's or driver's message, unless the app opted in with `exposeErrors` (then the
 * error's own message).
 */
export function failureBody(error: unknown, status: number, exposeErrors = false): string {
  if (exposeErrors && error instanceof Error) return error.message;
  if (error instanceof SessionInterruptedError) return error.message;
  if (error instanceof SessionConflictError) return CONFLICT_MESSAGE;
  return REASONS[status] ?? 'Error';
}

/** Logs the failure and builds the plain-text answer (see `failureBody`). */
export function failureResponse(
  error: unknown,
  logger: FullLogger,
  what = 'session commit failed',
  exposeErrors = false,
): FailureResponse {
  const status = failureStatus(error);
  logFailure(error, status, logger, what);
  const body = failureBody(error, status, exposeErrors);
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body };
}

/** One line per failed commit; never the key or the cookie value. */
export function logFailure(error: unknown, status: number, logger: FullLogger, what = 'session commit failed'): void {
  const code = error instanceof SessionError ? error.code : 'UNEXPECTED';
  const meta = { code, status, error };
  // A misconfigured store's message names the fix (and no key or value): it belongs in the line.
  if (error instanceof EngineMisconfiguredError) logger.error(`${what}: ${code}: ${error.message}`, meta);
  else if (status >= 500 && status !== 503) logger.error(`${what}: ${code}`, meta);
  else logger.warn(`${what}: ${code}`, meta);
}

/** Releases a response body that will never be sent: Node streams, Web streams and Responses. */
export function discardBody(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  // Duck-typed: bodies may come from another realm or another stream implementation.
  const candidate = body as { destroy?: unknown; cancel?: unknown; body?: unknown; locked?: boolean };
  if (typeof candidate.destroy === 'function') {
    (candidate.destroy as () => void).call(body);
  } else if (typeof candidate.cancel === 'function') {
    if (candidate.locked !== true) (candidate.cancel as () => Promise<void>).call(body).catch(() => {});
  } else if ('body' in candidate && 'headers' in candidate) {
    discardBody(candidate.body);
  }
}
