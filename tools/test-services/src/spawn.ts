import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { canConnect } from './probe';

/** A server process a suite started on a loopback port, stopped by its PID. */
export interface SpawnedServer {
  readonly host: string;
  readonly port: number;
  /** The running process's PID, or undefined while it is down. */
  readonly pid: number | undefined;
  /** Kills it at once (SIGKILL by default) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and waits until it accepts connections. */
  start(): Promise<void>;
}

export interface ServerSpec {
  /** The binary, e.g. 'redis-server' or 'memcached'. */
  binary: string;
  /** Its arguments for a port. */
  args(port: number): string[];
  /** A fixed port; a free loopback port when omitted. */
  port?: number;
  /** How long to wait for it to accept connections; 10 s by default. */
  readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
// A suite that fails before its afterAll must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** True when `binary` is on the PATH. */
export function hasBinary(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server on a free (or the given) loopback port and waits until it is ready. */
export async function startServer(spec: ServerSpec): Promise<SpawnedServer> {
  const host = '127.0.0.1';
  const port = spec.port ?? (await freePort());
  let child: ChildProcess | undefined;
  const server: SpawnedServer = {
    host,
    port,
    get pid() {
      return child?.pid;
    },
    async kill(signal = 'SIGKILL') {
      const current = child;
      if (current === undefined || current.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill(signal);
      await exited;
      child = undefined;
    },
    async start() {
      if (child !== undefined) return;
      const started = spawn(spec.binary, spec.args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      started.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      running.add(started);
      started.once('exit', () => running.delete(started));
      child = started;
      const deadline = Date.now() + (spec.readyTimeoutMs ?? 10_000);
      while (!(await canConnect(host, port, 200))) {
        if (started.exitCode !== null || Date.now() > deadline) {
          await server.kill();
          throw new Error(`${spec.binary} did not start on port ${port}: ${stderr.trim() || 'no output'}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
  await server.start();
  return server;
}

/** redis-server on a loopback port: no persistence, no daemon. */
export function redisServerSpec(extra: (port: number) => string[] = () => []): ServerSpec {
  return {
    binary: 'redis-server',
    args: (port) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra(port)],
  };
}

/** memcached on a loopback port (TCP only; as root it needs `-u root`). */
export function memcachedSpec(extra: string[] = []): ServerSpec {
  return {
    binary: 'memcached',
    args: (port) => ['-p', String(port), '-U', '0', '-l', '127.0.0.1', '-m', '64', '-u', 'root', ...extra],
  };
}
