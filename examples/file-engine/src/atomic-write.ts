import { randomBytes } from 'node:crypto';
import { open, rename, unlink, writeFile } from 'node:fs/promises';

/** Session files hold credentials' worth of data: owner read/write only, as Django's mkstemp. */
const FILE_MODE = 0o600;

/**
 * Writes `content` to `path` so readers see the old file or the new one, never half of
 * either: a temp file in the same directory, then a rename over the target (Django #8616).
 */
export async function writeAtomically(path: string, content: string): Promise<void> {
  // '.' never occurs in a key, so temp files can't be mistaken for sessions.
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    // Stryker disable next-line StringLiteral: equivalent, the name is fresh (48 random bits), so 'w' writes the same
    await writeFile(temp, content, { mode: FILE_MODE, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}

/** Creates `path` empty if nobody has; false when it already exists (O_CREAT | O_EXCL). */
export async function claimExclusively(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', FILE_MODE);
    await handle.close();
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
}

/** Duck-typed: under jest, Node's fs errors come from another realm and fail `instanceof Error`. */
export function isErrno(error: unknown, code: string): boolean {
  // Stryker disable next-line OptionalChaining: equivalent, node:fs rejects with Error objects, never null
  return (error as NodeJS.ErrnoException | null | undefined)?.code === code;
}
