import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCI } from '@sessionkit/test-services';
import { TEST_SECRET } from './names';

/** Debian's python3 carries python3-django (3.2) and python3-psycopg2; the pyenv python on PATH does not. */
export const DJANGO_PYTHON = '/usr/bin/python3';
const INSTALL = 'apt-get install python3-django python3-psycopg2';

/** Django's version when `modules` import under DJANGO_PYTHON, else null. */
export function djangoVersion(modules: readonly string[] = []): string | null {
  const probe = spawnSync(
    DJANGO_PYTHON,
    ['-c', `import django, ${['json', ...modules].join(', ')}; print(django.get_version())`],
    {
      encoding: 'utf8',
    },
  );
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** `describe` that needs Django (and `modules`): fails on CI when missing, else skips with one loud line. */
export function describeWithDjango(title: string, modules: readonly string[], body: (version: string) => void): void {
  const version = djangoVersion(modules);
  if (version !== null) {
    describe(`${title} (Django ${version})`, () => body(version));
  } else if (isCI) {
    describe(title, () => {
      it('has Django', () => {
        throw new Error(`${title}: Django not importable by ${DJANGO_PYTHON}. Install: ${INSTALL}`);
      });
    });
  } else {
    process.stderr.write(
      `\n!!! SKIPPED ${title}: Django is not importable by ${DJANGO_PYTHON}. Install: ${INSTALL}\n\n`,
    );
    describe.skip(title, () => body(''));
  }
}

/** Python source of a DATABASES['default'] entry. */
export type DatabaseSettings = string;

export function sqliteDatabase(filename: string): DatabaseSettings {
  return `{'ENGINE': 'django.db.backends.sqlite3', 'NAME': ${JSON.stringify(filename)}}`;
}

/** PostgreSQL from a postgres:// URL; `schema` becomes the search_path, so django_session lives there. */
export function postgresDatabase(url: string, schema: string): DatabaseSettings {
  const u = new URL(url);
  const options = JSON.stringify(`-c search_path=${schema}`);
  return `{'ENGINE': 'django.db.backends.postgresql', 'NAME': ${JSON.stringify(u.pathname.slice(1))}, 'USER': ${JSON.stringify(
    decodeURIComponent(u.username),
  )}, 'PASSWORD': ${JSON.stringify(decodeURIComponent(u.password))}, 'HOST': ${JSON.stringify(u.hostname)}, 'PORT': ${JSON.stringify(
    u.port || '5432',
  )}, 'OPTIONS': {'options': ${options}}}`;
}

const PRELUDE = `
import json, sys
import django
django.setup()
from datetime import datetime, timedelta, timezone as dt_timezone
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
inp = json.loads(sys.stdin.read() or 'null')
def out(value):
    sys.stdout.write(json.dumps(value) + '\\n')
`;

/** Settings lines that replace the defaults (USE_TZ = True, TIME_ZONE = 'UTC'). */
export interface DjangoProjectOptions {
  useTz?: boolean;
  timeZone?: string;
}

/** A Django project of one settings module: USE_TZ, UTC, the db session engine, the shared secret. */
export class DjangoProject {
  readonly #dir: string;
  readonly #timeZone: string;

  constructor(database: DatabaseSettings, options: DjangoProjectOptions = {}) {
    this.#timeZone = options.timeZone ?? 'UTC';
    this.#dir = mkdtempSync(join(tmpdir(), 'sk-django-'));
    writeFileSync(
      join(this.#dir, 'sk_settings.py'),
      [
        `SECRET_KEY = ${JSON.stringify(TEST_SECRET)}`,
        `USE_TZ = ${options.useTz === false ? 'False' : 'True'}`,
        `TIME_ZONE = ${JSON.stringify(this.#timeZone)}`,
        "INSTALLED_APPS = ['django.contrib.sessions']",
        "SESSION_ENGINE = 'django.contrib.sessions.backends.db'",
        `DATABASES = {'default': ${database}}`,
        "DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'",
        '',
      ].join('\n'),
    );
  }

  /** Runs `script` after django.setup(); `inp` is `input`, `out(v)` prints JSON. Resolves to the last `out`. */
  run<T>(script: string, input: unknown = null): Promise<T> {
    return new Promise((resolve, reject) => {
      const child = spawn(DJANGO_PYTHON, ['-c', `${PRELUDE}\n${script}`], {
        env: {
          ...process.env,
          PYTHONPATH: this.#dir,
          DJANGO_SETTINGS_MODULE: 'sk_settings',
          PYTHONDONTWRITEBYTECODE: '1',
          TZ: this.#timeZone,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        const last = stdout.trim().split('\n').at(-1);
        if (code !== 0 || last === undefined || last === '') reject(new Error(`Django exited ${code}: ${stderr}`));
        else resolve(JSON.parse(last) as T);
      });
      child.stdin.end(JSON.stringify(input));
    });
  }

  /** `manage.py <args>` through call_command. */
  manage(...args: string[]): Promise<null> {
    return this.run(`from django.core.management import call_command\ncall_command(*inp)\nout(None)`, args);
  }

  dispose(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
