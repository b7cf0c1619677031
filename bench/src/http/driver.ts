import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { LoadgenReply, LoadgenRequest } from './loadgen.js';
import { pinLoadgen } from './pin.js';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The parent's handle on the load-generator child process. */
export class Loadgen {
  readonly #child: ChildProcess;
  /** How the two processes share the CPUs (see pinLoadgen). */
  readonly placement: string;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #next = 1;

  constructor() {
    // Same loader flags as the parent (tsx, conditions), minus profiling flags.
    const execArgv = process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof'));
    this.#child = fork(join(__dirname, 'loadgen.ts'), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.placement = pinLoadgen(this.#child.pid);
    this.#child.on('message', (reply: LoadgenReply) => {
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(`load generator: ${reply.error}`));
    });
    this.#child.on('exit', (code) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`load generator exited (${code})`));
      this.#pending.clear();
    });
  }

  request<T = unknown>(message: WithoutId<LoadgenRequest>): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ ...message, id });
    });
  }

  stop(): void {
    if (this.#child.connected) this.#child.disconnect();
    this.#child.kill();
  }
}
