import { join } from 'node:path';
import { DEFAULT_MAX_KEY_LENGTH, KEY_ALPHABET, SuspiciousSessionError } from '@sessionkit/core/engine';

const KEY_CHARS = new Set(KEY_ALPHABET);

/**
 * Django's `_key_to_file`: the path of a session's file, refusing any key with a character
 * outside `[a-z0-9]`. That blocks `a/b/c`, `a\b\c` and `..` before they reach the file system,
 * however the engine is called. Like Django, it checks characters, not the 8-character floor.
 */
export function keyToFile(directory: string, prefix: string, key: string): string {
  if (key.length === 0 || key.length > DEFAULT_MAX_KEY_LENGTH || ![...key].every((char) => KEY_CHARS.has(char))) {
    throw new SuspiciousSessionError('Invalid characters in session key');
  }
  return join(directory, prefix + key);
}

/** The key a directory entry belongs to, or null for anything else (temp files, strangers). */
export function fileToKey(prefix: string, fileName: string): string | null {
  if (!fileName.startsWith(prefix)) return null;
  const key = fileName.slice(prefix.length);
  return key.length > 0 && key.length <= DEFAULT_MAX_KEY_LENGTH && [...key].every((char) => KEY_CHARS.has(char))
    ? key
    : null;
}
