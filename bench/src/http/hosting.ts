import { type ChildProcess, fork } from 'node:child_process';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { HttpApp } from './apps.js';
import type { HostReply, HostRequest } from './host.js';
import { type AppRef, buildApp } from './registry.js';

/**
 * Where a contender's server runs. `process` (the default): a child process per contender
 * (src/http/host.ts), which inherits this process's CPU pinning. `shared`: in this process, as
 * the bench did before; kept to measure what sharing one process changes (`--http-shared`).
 */
export type Hosting = 'process' | 'shared';

export interface ServerHost {
  readonly port: number;
  /** CPU µs (user + system) the server's process has used so far. */
  cpuUs(): Promise<number>;
  /** A full garbage collection in the server's process (needs --expose-gc there). */
  gc(): Promise<void>;
  /** The app's own check (e.g. "no storage I/O happened"). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export interface HostOptions {
  /** Extra node flags for the server process (e.g. --trace-deopt), after this process's own. */
  extraExecArgv?: string[];
  /** Called with each chunk of the server process's stdout; it is inherited when absent. */
  onStdout?: (chunk: string) => void;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Starts the app's server: an app given as an object (tools' ad-hoc apps) always runs in this process. */
export async function startHost(
  app: AppRef | HttpApp,
  hosting: Hosting,
  options: HostOptions = {},
): Promise<ServerHost> {
  if ('listen' in app) return sharedHost(app);
  return hosting === 'shared' ? sharedHost(buildApp(app)) : processHost(app, options);
}

async function sharedHost(app: HttpApp): Promise<ServerHost> {
  const server: Server = await app.listen();
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    async cpuUs() {
      const cpu = process.cpuUsage();
      return cpu.user + cpu.system;
    },
    async gc() {
      (globalThis as { gc?: () => void }).gc?.();
    },
    async check() {
      app.check?.();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close?.();
    },
  };
}

async function processHost(ref: AppRef, options: HostOptions): Promise<ServerHost> {
  // Same loader flags as this process (tsx, conditions, --expose-gc), minus profiling flags.
  const execArgv = [
    ...process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof')),
    ...(options.extraExecArgv ?? []),
  ];
  const child: ChildProcess = fork(join(__dirname, 'host.ts'), [], {
    execArgv,
    stdio: ['ignore', options.onStdout === undefined ? 'inherit' : 'pipe', 'inherit', 'ipc'],
  });
  if (options.onStdout !== undefined) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', options.onStdout);
  }
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 1;
  child.on('message', (reply: HostReply) => {
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return;
    pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(new Error(reply.error));
  });
  child.on('exit', (code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`server process exited (${code})`));
    pending.clear();
  });
  const request = <T>(message: WithoutId<HostRequest>): Promise<T> => {
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...message, id });
    });
  };
  let port: number;
  try {
    port = await request<number>({ type: 'listen', ref });
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    port,
    cpuUs: () => request<number>({ type: 'cpu' }),
    gc: () => request<undefined>({ type: 'gc' }),
    check: () => request<undefined>({ type: 'check' }),
    async close() {
      try {
        await request({ type: 'close' });
      } finally {
        if (child.connected) child.disconnect();
        child.kill();
      }
    },
  };
}
