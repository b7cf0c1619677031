/**
 * How a key's cache entry is repaired once the cache answers again:
 * - `delete`: whatever is there goes (after a db create: nothing older can be right);
 * - `dropLive`: a live entry goes, a delete's mark stays (after an update or a touch);
 * - `mark`: a delete's mark is written (after a delete).
 */
export type Repair = 'delete' | 'dropLive' | 'mark';

/**
 * Keys whose cache entry may be out of date because a cache write or delete failed after the
 * db changed. While a key is here the engine serves it from the db only; a timer retries its
 * repair until it succeeds. A key is dropped anyway once every entry the cache could hold for
 * it has outlived the cache TTL cap (so the set cannot grow without bound).
 */
export class RetryQueue {
  /** Key → its latest failure: a fresh object each time, so a retry never forgets a later failure. */
  readonly #since = new Map<string, Failure>();
  readonly #repair: (key: string, repair: Repair) => Promise<void>;
  readonly #intervalMs: number;
  readonly #forgetAfterMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(options: {
    repair: (key: string, repair: Repair) => Promise<void>;
    intervalMs: number;
    forgetAfterMs: number;
  }) {
    this.#repair = options.repair;
    this.#intervalMs = options.intervalMs;
    this.#forgetAfterMs = options.forgetAfterMs;
    this.#now = () => Date.now();
  }

  get size(): number {
    return this.#since.size;
  }

  has(key: string): boolean {
    return this.#since.has(key);
  }

  /**
   * Records a key, its latest failure time and how to repair it, and makes sure the timer runs.
   * A pending mark is not weakened to `dropLive`: the session was deleted, whatever failed since.
   */
  add(key: string, repair: Repair): void {
    const pending = this.#since.get(key)?.repair;
    this.#since.delete(key);
    this.#since.set(key, { at: this.#now(), repair: pending === 'mark' && repair === 'dropLive' ? 'mark' : repair });
    this.#timer ??= setInterval(() => void this.flush(), this.#intervalMs).unref();
  }

  /**
   * One round: repairs each key's cache entry, oldest first, and forgets those repaired or
   * expired. Stops at the first failure (the cache is still away). Resolves to the keys left.
   */
  async flush(): Promise<number> {
    if (this.#running) return this.#since.size;
    this.#running = true;
    try {
      for (const [key, since] of [...this.#since]) {
        if (this.#now() - since.at > this.#forgetAfterMs) {
          this.#forget(key, since);
          continue;
        }
        try {
          await this.#repair(key, since.repair);
        } catch {
          break;
        }
        this.#forget(key, since);
      }
    } finally {
      this.#running = false;
      if (this.#since.size === 0) this.stop();
    }
    return this.#since.size;
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Forgets a key unless it failed again meanwhile. */
  #forget(key: string, since: Failure): void {
    if (this.#since.get(key) === since) this.#since.delete(key);
  }
}

interface Failure {
  readonly at: number;
  readonly repair: Repair;
}
