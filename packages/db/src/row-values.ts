import { SessionError } from '@sessionkit/core/engine';

/** The error with every secret cut out of its message (in place, as knex itself edits it). */
export function redact(error: unknown, secrets: readonly string[]): unknown {
  // Duck-typed: a driver error may come from another realm (jest, worker contexts), failing instanceof Error.
  if (typeof error !== 'object' || error === null || error instanceof SessionError) return error;
  const target = error as { message?: unknown };
  if (typeof target.message !== 'string') return error;
  let message = target.message;
  for (const secret of secrets) if (secret.length > 0) message = message.split(secret).join('[redacted]');
  target.message = message;
  return error;
}

/** A stored version token, or undefined for NULL (a row written without one). */
export function versionOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

/** The data column as text: drivers may hand back a Buffer for binary collations. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return Buffer.isBuffer(value) ? value.toString('utf8') : '';
}
