import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/**
 * SESSION_SECRET, or a development secret generated once and kept next to the SQLite file,
 * so sessions survive a restart. Never do this in production.
 */
export function resolveSecret(fromEnv: string | undefined, devSecretFile: string, say: (line: string) => void): string {
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (existsSync(devSecretFile)) return readFileSync(devSecretFile, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dirname(devSecretFile), { recursive: true });
  writeFileSync(devSecretFile, `${secret}\n`, { mode: 0o600 });
  say(`note: SESSION_SECRET is not set; generated a development secret in ${relative(process.cwd(), devSecretFile)}`);
  return secret;
}
