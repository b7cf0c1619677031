import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

/** A TypeScript helper script run in its own Node process, talked to line by line. */
export class ScriptProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly #lines: Interface;
  readonly #queue: string[] = [];
  readonly #waiters: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  stderr = '';

  constructor(script: string, args: readonly string[]) {
    const path = join(__dirname, script);
    this.child = spawn(process.execPath, ['--conditions=@sessionkit/source', '--import', 'tsx', path, ...args], {
      cwd: join(__dirname, '..', '..'),
      stdio: 'pipe',
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.#lines = createInterface({ input: this.child.stdout });
    this.#lines.on('line', (line) => {
      const waiter = this.#waiters.shift();
      if (waiter) waiter.resolve(line);
      else this.#queue.push(line);
    });
    // A process that dies fails its waiters at once instead of at their timeouts.
    this.#lines.on('close', () => {
      for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error(`${script} ended; stderr: ${this.stderr}`));
    });
  }

  /** The next stdout line, or an error after `timeoutMs`. */
  nextLine(timeoutMs = 15_000): Promise<string> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no output within ${timeoutMs} ms; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      this.#waiters.push({
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  async expectLine(expected: string, timeoutMs?: number): Promise<void> {
    const line = await this.nextLine(timeoutMs);
    if (line !== expected) throw new Error(`expected "${expected}", got "${line}"; stderr: ${this.stderr}`);
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Kills this process (by its own pid) if it is still running. */
  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
