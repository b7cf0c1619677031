import { SessionError } from '../../errors.js';
import type { FullLogger } from '../../logger.js';

/** The response that replaces the app's when the session cannot be committed. */
export interface FailureResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The HTTP status for an error: a SessionError's own, 500 for anything else. */
export function failureStatus(error: unknown): number {
  return error instanceof SessionError ? error.status : 500;
}

/**
 * Logs the failure and builds a plain-text answer. A 4xx shows the error's message (Django's
 * SessionInterrupted text is meant for users); a 5xx shows only the reason, so no store detail leaks.
 */
export function failureResponse(error: unknown, logger: FullLogger, what = 'session commit failed'): FailureResponse {
  const status = failureStatus(error);
  logFailure(error, status, logger, what);
  const body = status < 500 && error instanceof Error ? error.message : (REASONS[status] ?? 'Error');
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body };
}

/** One line per failed commit; never the key or the cookie value. */
export function logFailure(error: unknown, status: number, logger: FullLogger, what = 'session commit failed'): void {
  const code = error instanceof SessionError ? error.code : 'UNEXPECTED';
  const meta = { code, status, error };
  if (status >= 500 && status !== 503) logger.error(`${what}: ${code}`, meta);
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
