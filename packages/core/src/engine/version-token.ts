import * as crypto from 'node:crypto';

/** Random bytes per token: 96 bits, 16 base64url characters. Only has to differ from the last one. */
const TOKEN_BYTES = 12;

/** A fresh opaque version token for a record write (optimistic concurrency). */
export function generateVersionToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString('base64url');
}
