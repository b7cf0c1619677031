import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PYTHON = '/usr/bin/python3';
let warned = false;

/**
 * Whether real Django can be run. Missing Django fails under CI=true; elsewhere the
 * interop tests are skipped with one loud stderr line.
 */
export function djangoAvailable(): boolean {
  const ok = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import django'], { encoding: 'utf8' }).status === 0;
  if (ok) return true;
  if (process.env.CI === 'true') throw new Error(`Django interop tests need python3-django at ${PYTHON} (CI=true)`);
  if (!warned) {
    warned = true;
    process.stderr.write(
      `\n!!! SKIPPING Django interop tests: no Django at ${PYTHON} (apt-get install python3-django) !!!\n\n`,
    );
  }
  return false;
}

/** Runs a Python snippet with Django configured (SECRET_KEY from the input), JSON in and out. */
export function runDjango<T>(body: string, input: Record<string, unknown>): T {
  const script = [
    'import json, sys',
    'from django.conf import settings',
    'args = json.loads(sys.stdin.read())',
    "settings.configure(SECRET_KEY=args['secret'], USE_TZ=True, INSTALLED_APPS=['django.contrib.contenttypes', 'django.contrib.auth'])",
    'import django',
    'django.setup()',
    body,
  ].join('\n');
  const result = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
