import type { Client } from 'memjs';
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
  ) {}

  async get(key: string): Promise<string | null> {
    const { value } = await this.client.get(key);
    if (value === null || value === undefined) return null;
    return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }

  gets(): Promise<CasItem | null> {
    return Promise.reject(new Error('memjs has no gets/cas'));
  }

  add(key: string, value: string, exptime: number): Promise<boolean> {
    return this.client.add(key, value, { expires: exptime });
  }

  replace(key: string, value: string, exptime: number): Promise<boolean> {
    return this.client.replace(key, value, { expires: exptime });
  }

  cas(): Promise<boolean> {
    return Promise.reject(new Error('memjs has no gets/cas'));
  }

  async delete(key: string): Promise<void> {
    await this.client.delete(key);
  }

  async close(): Promise<void> {
    if (this.owned) this.client.close();
  }
}
