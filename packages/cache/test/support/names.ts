import { randomBytes } from 'node:crypto';

export const TEST_SECRET = 'sessionkit-cache-tests-0123456789-abcdefghijklmnop';

/** A key prefix no other test (or agent) uses. */
export function uniquePrefix(label: string): string {
  return `sktest:${label}:${randomBytes(4).toString('hex')}:`;
}
