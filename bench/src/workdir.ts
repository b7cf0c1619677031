import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | undefined;

/**
 * Where SQLite files live. By default a RAM-backed tmpfs (/dev/shm), so the SQLite suites
 * measure code rather than this VM's fsync (~5 ms per call on its virtual disk, which
 * would swamp every difference between contenders). BENCH_DISK_DIR moves them to a disk.
 */
export function scratchBase(): string {
  const override = process.env.BENCH_DISK_DIR;
  if (override !== undefined && override !== '') return override;
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** A path inside this run's scratch directory (created on first use, removed by `removeWorkdir`). */
export function scratch(name: string): string {
  dir ??= mkdtempSync(join(scratchBase(), 'sessionkit-bench-'));
  return join(dir, name);
}

/** A scratch path on the real disk (os.tmpdir()), for the suite that shows what fsync costs. */
let diskDir: string | undefined;
export function diskScratch(name: string): string {
  diskDir ??= mkdtempSync(join(tmpdir(), 'sessionkit-bench-disk-'));
  return join(diskDir, name);
}

export function removeWorkdir(): void {
  for (const d of [dir, diskDir]) if (d !== undefined) rmSync(d, { recursive: true, force: true });
  dir = undefined;
  diskDir = undefined;
}
