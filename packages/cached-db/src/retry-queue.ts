/**
 * Keys whose cache entry may be out of date because a cache write or delete failed after the
 * db changed. While a key is here the engine serves it from the db only; a timer retries
 * `cache.delete` for each until it succeeds. A key is dropped anyway once every entry the cache
 * could hold for it has outlived the cache TTL cap (so the set cannot grow without bound).
 */
export class RetryQueue {
  /** Key → its latest failure: a fresh object each time, so a retry never forgets a later failure. */
  readonly #since = new Map<string, { at: number }>();
  readonly #remove: (key: string) => Promise<void>;
  readonly #intervalMs: number;
  readonly #forgetAfterMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(options: { remove: (key: string) => Promise<void>; intervalMs: number; forgetAfterMs: number }) {
    this.#remove = options.remove;
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

  /** Records a key (its latest failure time) and makes sure the timer runs. */
  add(key: string): void {
    this.#since.delete(key);
    this.#since.set(key, { at: this.#now() });
    this.#timer ??= setInterval(() => void this.flush(), this.#intervalMs).unref();
  }

  /**
   * One round: deletes each key from the cache, oldest first, and forgets those deleted or
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
          await this.#remove(key);
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
  #forget(key: string, since: { at: number }): void {
    if (this.#since.get(key) === since) this.#since.delete(key);
  }
}
