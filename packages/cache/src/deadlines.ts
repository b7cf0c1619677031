import { engineFailure, engineTimedOut } from '@sessionkit/core/engine';

/** One call under way: when it must have settled, and how to fail it then. */
interface Pending {
  readonly at: number;
  readonly operation: string;
  readonly reject: (error: unknown) => void;
  settled: boolean;
}

/**
 * The engine's deadline on every call, with one timer for all of them instead of a setTimeout
 * per call (on a sequential load, Node builds and drops a timer list per call: the largest cost
 * above the raw Memcached client in profiles). Every call has the same timeout, so deadlines
 * come in order: a queue, swept every `tickMs` while calls are under way, fails the overdue
 * ones. A call thus fails at most `tickMs` after its deadline (plus event-loop lag).
 */
export class CallDeadlines {
  readonly #queue: (Pending | undefined)[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engineName: string,
    private readonly timeoutMs: number,
    private readonly tickMs = Math.max(1, Math.min(25, Math.floor(timeoutMs / 10))),
  ) {}

  /** Calls under way (settled ones are dropped at the next sweep). */
  get size(): number {
    return this.#queue.length - this.#head;
  }

  /** Runs `start`, failing it with EngineUnavailableError past the deadline; driver errors through engineFailure. */
  run<T>(operation: string, start: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { at: Date.now() + this.timeoutMs, operation, reject, settled: false };
      this.#queue.push(pending);
      this.#timer ??= setInterval(() => this.sweep(), this.tickMs).unref();
      let call: Promise<T>;
      try {
        call = start();
      } catch (error) {
        call = Promise.reject(error);
      }
      call.then(
        (value) => {
          if (pending.settled) return;
          pending.settled = true;
          resolve(value);
        },
        (error: unknown) => {
          if (pending.settled) return;
          pending.settled = true;
          reject(engineFailure(this.engineName, operation, error));
        },
      );
    });
  }

  /** Fails the overdue calls and forgets the settled ones at the head; stops the timer when none is left. */
  sweep(now = Date.now()): void {
    const queue = this.#queue;
    let head = this.#head;
    while (head < queue.length) {
      const pending = queue[head] as Pending;
      if (!pending.settled) {
        if (pending.at > now) break;
        pending.settled = true;
        pending.reject(engineTimedOut(this.engineName, pending.operation, this.timeoutMs));
      }
      queue[head] = undefined;
      head++;
    }
    if (head === queue.length) {
      queue.length = 0;
      this.#head = 0;
      this.stop();
      return;
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
    this.#head = head;
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
