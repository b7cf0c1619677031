import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export interface RunEnvironment {
  commit: string;
  /** Files changed since that commit (uncommitted work was measured too). */
  dirtyFiles: number;
  date: string;
  node: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  loadAverageAtStart: number[];
  command: string;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function runEnvironment(argv: string[]): RunEnvironment {
  const status = git(['status', '--porcelain']);
  return {
    commit: git(['rev-parse', 'HEAD']) || 'unknown',
    dirtyFiles: status === '' ? 0 : status.split('\n').length,
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
  };
}
