import { randomBytes } from 'node:crypto';

/** Shared by the tests and the Django side: 50 characters, like Django's generated keys. */
export const TEST_SECRET = 'sessionkit-db-tests-0123456789-abcdefghijklmnopqrs';

/** A table (or schema) name no other test file uses: `prefix_<8 hex>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}
