import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** What to install when the Django interop suites cannot find Django. */
export const DJANGO_INSTALL_HINT =
  'apt-get install python3-django (Django for /usr/bin/python3), or set DJANGO_PYTHON to a python that can import django';

// Debian's python3-django lives under the system interpreter; a `python3` on PATH may be another one.
const DEFAULT_PYTHON = '/usr/bin/python3';
const TIMEOUT_MS = 60_000;

export interface DjangoPython {
  /** Interpreter path that can `import django`. */
  python: string;
  /** `repr(django.VERSION)`, e.g. "(3, 2, 25, 'final', 0)". */
  version: string;
}

let found: DjangoPython | null | undefined;

/** The interpreter that can import Django (DJANGO_PYTHON, else /usr/bin/python3), or null. Cached. */
export function findDjangoPython(): DjangoPython | null {
  if (found !== undefined) return found;
  const python = process.env.DJANGO_PYTHON || DEFAULT_PYTHON;
  const probe = spawnSync(python, ['-c', 'import django; print(django.VERSION)'], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
  });
  found = probe.status === 0 ? { python, version: probe.stdout.trim() } : null;
  return found;
}

export interface RunDjangoOptions {
  /** settings.SECRET_KEY; a fresh random 50-character secret when omitted. */
  secretKey?: string;
  /** Extra settings passed to settings.configure(), as JSON. */
  settings?: Record<string, unknown>;
}

// Reads {script, input, settings} as UTF-8 JSON on stdin; the script sees `data` and sets `result`.
// Its own prints go to stderr so that stdout carries only the JSON result.
const WRAPPER = `
import contextlib, json, sys
request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
import django
from django.conf import settings
settings.configure(**request["settings"])
django.setup()
namespace = {"data": request["input"], "result": None}
with contextlib.redirect_stdout(sys.stderr):
    exec(compile(request["script"], "<django-script>", "exec"), namespace)
sys.stdout.buffer.write(json.dumps(namespace["result"]).encode("ascii"))
`;

/**
 * Runs a Python snippet under a configured Django in one process and returns its `result`.
 * Batch many checks into one snippet: each call starts an interpreter.
 */
export function runDjango(script: string, input: unknown, options: RunDjangoOptions = {}): unknown {
  const django = findDjangoPython();
  if (django === null) throw new Error(`Django is not available: ${DJANGO_INSTALL_HINT}`);
  const settings = {
    SECRET_KEY: options.secretKey ?? randomSecret(),
    USE_TZ: true,
    TIME_ZONE: 'UTC',
    INSTALLED_APPS: ['django.contrib.sessions'],
    ...options.settings,
  };
  const run = spawnSync(django.python, ['-c', WRAPPER], {
    input: JSON.stringify({ script, input, settings }),
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`Could not run ${django.python}: ${run.error.message}`);
  if (run.status !== 0) {
    throw new Error(`Django script failed (exit ${String(run.status)}):\n${run.stderr}`);
  }
  try {
    return JSON.parse(run.stdout) as unknown;
  } catch {
    throw new Error(`Django script printed no JSON result:\n${run.stdout}\n${run.stderr}`);
  }
}

/** A random 50-character hex secret, the length Django's startproject uses. */
export function randomSecret(): string {
  return randomBytes(25).toString('hex');
}
