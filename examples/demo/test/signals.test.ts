/**
 * `npm run demo` as a user runs it: a real npm, a real child process. SIGTERM or SIGINT to npm
 * must stop the server (no node child left serving), and nothing printed names a server path.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(60_000);
const REPO = resolve(__dirname, '../../..');

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return false;
  } catch {
    return true;
  }
}

describe('npm run demo', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('stops serving on %s to npm, and prints no absolute path', async (signal) => {
    const data = mkdtempSync(join(tmpdir(), 'sessionkit-demo-'));
    const npm = spawn('npm', ['run', 'demo', '--silent'], {
      cwd: REPO,
      env: { ...process.env, PORT: '0', SESSION_SECRET: 'demo-signal-test-secret-0123456789abcdefgh' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    npm.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // 'exit', not 'close': a node child left behind would hold the pipes open; refused() catches it.
    const exited = new Promise<void>((done) => npm.on('exit', () => done()));
    try {
      let url: string | undefined;
      while (url === undefined) {
        url = /sessionkit demo on (http:\/\/\S+)/.exec(output)?.[1];
        if (npm.exitCode !== null) throw new Error(`the demo ended early:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await fetch(url)).status).toBe(200);
      npm.kill(signal);
      await exited;
      await new Promise((r) => setTimeout(r, 300));
      expect(await refused(url)).toBe(true);
      expect(output).not.toContain(REPO);
      expect(output).not.toContain(data);
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      npm.stdout.destroy();
      npm.stderr.destroy();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
