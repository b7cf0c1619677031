import type { Client } from 'memjs';
import type { CallDeadlines } from '../deadlines.js';
import { thenOrFailure } from '../store.js';
import type { CasItem, MemcachedDriver } from './driver.js';

/**
 * memjs (binary protocol). Its API has no gets/cas, so the engine offers neither optimistic
 * concurrency nor an atomic touch over it.
 */
export class MemjsDriver implements MemcachedDriver {
  readonly hasCas = false;

  constructor(
    readonly client: Client,
    private readonly owned: boolean,
    private readonly deadlines: CallDeadlines,
  ) {}

  get(key: string, operation?: string): Promise<string | null> {
    return this.#bound(operation, async () => {
      const { value } = await this.client.get(key);
      if (value === null || value === undefined) return null;
      return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
    });
  }

  read<T>(
    key: string,
    operation: string | undefined,
    read: (text: string | null) => T,
    failure?: (error: unknown) => unknown,
  ): Promise<T> {
    // memjs answers with a promise: a `then` either way.
    return thenOrFailure(this.get(key, operation), read, failure);
  }

  gets(): Promise<CasItem | null> {
    return Promise.reject(new Error('memjs has no gets/cas'));
  }

  add(key: string, value: string, exptime: number): Promise<boolean> {
    return this.client.add(key, value, { expires: exptime });
  }

  replace<T>(
    key: string,
    value: string,
    exptime: number,
    operation: string | undefined,
    settle: (replaced: boolean) => T,
    failure?: (error: unknown) => unknown,
  ): Promise<T> {
    const replaced = this.#bound(operation, () => this.client.replace(key, value, { expires: exptime }));
    // memjs answers with a promise: a `then` either way.
    return thenOrFailure(replaced, settle, failure);
  }

  cas(): Promise<boolean> {
    return Promise.reject(new Error('memjs has no gets/cas'));
  }

  delete(key: string, operation?: string): Promise<boolean> {
    return this.#bound(operation, () => this.client.delete(key));
  }

  async close(): Promise<void> {
    if (this.owned) this.client.close();
  }

  /** memjs answers with promises: a command that is a call of its own runs under the engine's wrapper. */
  #bound<T>(operation: string | undefined, send: () => Promise<T>): Promise<T> {
    return operation === undefined ? send() : this.deadlines.run(operation, send);
  }
}
