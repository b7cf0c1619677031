import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Debian's python3-django is installed for this interpreter only (not the `python3` on PATH); DJANGO_PYTHON overrides. */
export const DJANGO_PYTHON = process.env.DJANGO_PYTHON ?? '/usr/bin/python3';
const SCRIPT = join(__dirname, 'django_session.py');

export type DjangoProbe = { ok: true; version: string } | { ok: false; reason: string };

/** Whether Django can be imported, and its version. */
export function probeDjango(): DjangoProbe {
  const run = spawnSync(DJANGO_PYTHON, ['-c', 'import django; print(django.get_version())'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (run.error) return { ok: false, reason: `${DJANGO_PYTHON} could not run (${run.error.message})` };
  if (run.status !== 0) return { ok: false, reason: `${DJANGO_PYTHON} cannot import django` };
  return { ok: true, version: run.stdout.trim() };
}

export interface DjangoSaveRequest {
  op: 'save';
  secret: string;
  items: Record<string, unknown>;
  expiry?: number | null;
  /** Python expressions, for values JSON cannot carry (`2**64`, `float('nan')`). */
  pythonItems?: Record<string, string>;
  /** Frozen Unix time (seconds) for Django's clock. */
  now?: number;
  cookieAge?: number;
}

export interface DjangoLoadRequest {
  op: 'load';
  secret: string;
  value: string;
  now?: number;
  cookieAge?: number;
  /** Keys left out of `data` (non-JSON values); `reprs` has every key. */
  reprOnly?: string[];
}

export interface DjangoSaveAnswer {
  value: string;
}

export interface DjangoLoadAnswer {
  ok: boolean;
  data: Record<string, unknown>;
  /** Python's repr of every value. */
  reprs: Record<string, string>;
  /** Django < 4.1 returns an ISO `_session_expiry` string unparsed. */
  expiry_age: number | string | null;
}

/** Runs Django's signed_cookies SessionStore once: JSON in on stdin, JSON out on stdout. */
export function runDjango(request: DjangoSaveRequest): DjangoSaveAnswer;
export function runDjango(request: DjangoLoadRequest): DjangoLoadAnswer;
export function runDjango(request: DjangoSaveRequest | DjangoLoadRequest): unknown {
  const run = spawnSync(DJANGO_PYTHON, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', timeout: 20_000 });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`Django helper failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown;
}
