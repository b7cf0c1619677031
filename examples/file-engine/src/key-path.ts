import { join } from 'node:path';
import {
  DEFAULT_KEY_PATTERN,
  DEFAULT_MAX_KEY_LENGTH,
  DEFAULT_MIN_KEY_LENGTH,
  isValidKey,
  type KeyRules,
  SuspiciousSessionError,
} from '@sessionkit/core/engine';

/** The key rules the file engine declares: Django's `[a-z0-9]` and 8-character floor, at most 40. */
export const FILE_KEY_RULES: KeyRules = {
  keyPattern: DEFAULT_KEY_PATTERN,
  minKeyLength: DEFAULT_MIN_KEY_LENGTH,
  maxKeyLength: DEFAULT_MAX_KEY_LENGTH,
};

/**
 * Django's `_key_to_file`: the path of a session's file, refusing with `SuspiciousSessionError`
 * any key outside the engine's key rules. That blocks `a/b/c`, `a\b\c` and `..` before they
 * reach the file system, however the function is called.
 */
export function keyToFile(directory: string, prefix: string, key: string): string {
  if (!isValidKey(key, FILE_KEY_RULES)) throw new SuspiciousSessionError('Invalid characters in session key');
  return join(directory, prefix + key);
}

/** The key a directory entry belongs to, or null for anything else (temp files, strangers). */
export function fileToKey(prefix: string, fileName: string): string | null {
  if (!fileName.startsWith(prefix)) return null;
  const key = fileName.slice(prefix.length);
  return isValidKey(key, FILE_KEY_RULES) ? key : null;
}
