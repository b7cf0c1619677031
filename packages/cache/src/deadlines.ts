import { EngineUnavailableError, engineFailure, engineTimedOut } from '@sessionkit/core/engine';
import { OverdueCalls } from './overdue.js';

/** Calls past their deadline a client may hold before new calls fail at once (see overdue.ts). */
export const MAX_OVERDUE_CALLS = 1000;

/** Slots a DeadlineQueue keeps for reuse once empty; more are freed (a burst's). */
const MAX_IDLE_SLOTS = 1024;

/** The sweep's period for a deadline: a tenth of it, between 1 and 25 ms. */
export function sweepTickMs(timeoutMs: number): number {
  return Math.max(1, Math.min(25, Math.floor(timeoutMs / 10)));
}

/**
 * Items under one common timeout, with one timer for all of them instead of a setTimeout per
 * item (on a sequential load, Node builds and drops a timer list per call: the largest cost
 * above the raw clients in profiles). Every item gets the same timeout, so deadlines come in
 * order: a queue, swept every `tickMs` while items are under way, expires the overdue ones
 * still unsettled. An item thus expires at most `tickMs` after its deadline (plus event-loop lag).
 */
export class DeadlineQueue<T> {
  /**
   * Slots `#head` to `#tail` are under way. The arrays are reused, not emptied: setting a
   * length of 0 freed their backing stores, and the next add grew new ones (two runtime calls
   * and two allocations per call on a sequential load). Passed slots hold undefined.
   */
  readonly #items: (T | undefined)[] = [];
  readonly #deadlines: number[] = [];
  #head = 0;
  #tail = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    /** True once the item no longer needs its deadline. */
    private readonly settled: (item: T) => boolean,
    /** Fails an overdue item that has not settled. */
    private readonly expire: (item: T) => void,
    private readonly tickMs = sweepTickMs(timeoutMs),
  ) {}

  /** Items under way (settled ones are dropped at the next sweep). */
  get size(): number {
    return this.#tail - this.#head;
  }

  /** Puts `item` under the deadline, from now. */
  add(item: T): void {
    this.#advance(Number.NEGATIVE_INFINITY);
    const tail = this.#tail++;
    this.#items[tail] = item;
    this.#deadlines[tail] = Date.now() + this.timeoutMs;
    this.#timer ??= setInterval(() => this.sweep(), this.tickMs).unref();
  }

  /** Expires the overdue items and forgets the settled ones at the head; stops the timer when none is left. */
  sweep(now = Date.now()): void {
    if (this.#advance(now)) this.stop();
  }

  /**
   * Forgets the settled items at the head, expiring on the way those overdue at `now`; true
   * when none is left. `add` runs it with no item overdue (-Infinity), so a finished call (a
   * command with its arguments and reply) is dropped as the next one starts, not held through
   * the sweep's period, long enough for a scavenge to move and promote it.
   */
  #advance(now: number): boolean {
    const items = this.#items;
    const tail = this.#tail;
    let head = this.#head;
    while (head < tail) {
      const item = items[head] as T;
      if (!this.settled(item)) {
        if ((this.#deadlines[head] as number) > now) break;
        this.expire(item);
      }
      items[head] = undefined;
      head++;
    }
    if (head === tail) {
      this.#head = this.#tail = 0;
      // After a burst, the slots it grew are let go once it is over.
      if (items.length > MAX_IDLE_SLOTS) items.length = this.#deadlines.length = 0;
      return true;
    }
    if (head > 1024 && head * 2 > tail) {
      // The live slots move to the front; the ones they leave are cleared.
      items.copyWithin(0, head, tail).fill(undefined, tail - head, tail);
      this.#deadlines.copyWithin(0, head, tail);
      this.#tail = tail - head;
      head = 0;
    }
    this.#head = head;
    return false;
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** How a driver's callback settles its promise: `finish` is true once, for the first to settle. */
export interface Settling {
  finish(): boolean;
}

/** A command with no deadline of its own (one step of a call already under one). */
export const UNBOUNDED: Settling = { finish: () => true };

/**
 * One call under the deadline: the reject of the call's own promise, which the sweep fails
 * with the engine's timeout error. Whoever settles the promise first calls `finish`: a late
 * reply then finds false and leaves the timed-out promise alone.
 */
export class DeadlineCall implements Settling {
  settled = false;
  /** Failed by the deadline before the driver answered: counted in `overdue` until it does. */
  expired = false;

  constructor(
    readonly operation: string,
    readonly reject: (error: unknown) => void,
    private readonly overdue: OverdueCalls,
  ) {}

  finish(): boolean {
    if (!this.settled) {
      this.settled = true;
      this.overdue.answered();
      return true;
    }
    if (this.expired) {
      this.expired = false;
      this.overdue.release();
    }
    return false;
  }
}

/** The engine's deadline on every call to a store whose client does not bound calls itself (Memcached, Cluster). */
export class CallDeadlines {
  readonly #queue: DeadlineQueue<DeadlineCall>;
  readonly #overdue: OverdueCalls;

  constructor(
    private readonly engineName: string,
    private readonly timeoutMs: number,
    tickMs = sweepTickMs(timeoutMs),
    maxOverdue = MAX_OVERDUE_CALLS,
  ) {
    this.#overdue = new OverdueCalls(maxOverdue, timeoutMs);
    this.#queue = new DeadlineQueue<DeadlineCall>(
      timeoutMs,
      (call) => call.settled,
      (call) => {
        call.settled = true;
        call.expired = true;
        this.#overdue.add();
        call.reject(engineTimedOut(this.engineName, call.operation, this.timeoutMs));
      },
      tickMs,
    );
  }

  /** Calls failed by the deadline whose driver has not answered yet. */
  get overdue(): number {
    return this.#overdue.held;
  }

  /** Calls under way (settled ones are dropped at the next sweep). */
  get size(): number {
    return this.#queue.size;
  }

  /**
   * Puts a call under the deadline, from now: `reject` (its promise's) is failed with the
   * engine's timeout error unless the caller settles first, through `finish`. This is how a
   * driver bounds a one-command call inside its own promise, with no promise layer of ours.
   */
  start(operation: string, reject: (error: unknown) => void): DeadlineCall {
    const call = new DeadlineCall(operation, reject, this.#overdue);
    this.#queue.add(call);
    return call;
  }

  /**
   * Runs `send`, failing it with EngineUnavailableError past the deadline; driver errors through
   * engineFailure. While the driver holds MAX_OVERDUE_CALLS calls the deadline failed (a store
   * that does not answer), fails at once without calling `send` (see overdue.ts).
   */
  run<T>(operation: string, send: () => Promise<T>): Promise<T> {
    if (!this.#overdue.admits()) {
      const held = this.#overdue.held;
      return Promise.reject(
        new EngineUnavailableError(
          `[${this.engineName}] ${operation}: the store has not answered ${held} calls past their deadline; failing at once until it does`,
          { operation },
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const call = this.start(operation, reject);
      let promise: Promise<T>;
      try {
        promise = send();
      } catch (error) {
        promise = Promise.reject(error);
      }
      promise.then(
        (value) => {
          if (call.finish()) resolve(value);
        },
        (error: unknown) => {
          if (call.finish()) reject(engineFailure(this.engineName, operation, error));
        },
      );
    });
  }

  /** Fails the overdue calls; see DeadlineQueue.sweep. */
  sweep(now = Date.now()): void {
    this.#queue.sweep(now);
  }

  stop(): void {
    this.#queue.stop();
  }
}
