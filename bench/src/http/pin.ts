import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Puts the load generator on the last CPU and this process (the servers) on the others, with
 * Linux's taskset. Left to the scheduler, the two swap cores and share them with everything
 * else; pinned, per-round ratios of the HTTP suites vary much less. Returns what was done,
 * for the report; never throws (no taskset, one CPU, not Linux: no pinning).
 */
export function pinLoadgen(childPid: number | undefined): string {
  const cpus = availableParallelism();
  if (process.platform !== 'linux' || childPid === undefined || cpus < 2) return 'not pinned (needs Linux and 2+ CPUs)';
  const last = cpus - 1;
  const servers = last === 1 ? '0' : `0-${last - 1}`;
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(last), String(childPid)], {
      stdio: 'ignore',
    });
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', servers, String(process.pid)], { stdio: 'ignore' });
    return `load generator pinned to CPU ${last}, servers to CPU ${servers} (taskset)`;
  } catch {
    return 'not pinned (taskset failed or is missing)';
  }
}
