import { SessionError } from '@sessionkit/core/engine';

/**
 * The error with every secret cut out of its message, and of the SQL some drivers attach
 * (in place, as knex itself edits the message).
 */
export function redact(error: unknown, secrets: readonly string[]): unknown {
  // Duck-typed: a driver error may come from another realm (jest, worker contexts), failing instanceof Error.
  if (typeof error !== 'object' || error === null || error instanceof SessionError) return error;
  const target = error as { message?: unknown; sql?: unknown };
  if (typeof target.message === 'string') target.message = cutOut(target.message, secrets);
  if (typeof target.sql === 'string') target.sql = cutOut(target.sql, secrets);
  return error;
}

function cutOut(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    // As written, and as knex quotes it into the SQL it puts in the message ('' or \').
    for (const form of new Set([secret, secret.replaceAll("'", "''"), secret.replace(/[\\']/g, '\\$&')])) {
      out = out.split(form).join('[redacted]');
    }
  }
  return out;
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
