import { ConfigError } from '../../errors.js';
import type { SessionEngine } from '../../engine/types.js';
import type { UserSessionIndex } from './index-types.js';

/**
 * A process-local index: for tests and single-process apps. It is lost on restart, so
 * sessions created before a restart are not reached by `logoutEverywhere`.
 */
export class MemorySessionIndex implements UserSessionIndex {
  readonly engine: SessionEngine;
  readonly #keys = new Map<string, Set<string>>();

  constructor(engine: SessionEngine) {
    assertRevocable(engine);
    this.engine = engine;
  }

  async add(userId: string, sessionKey: string): Promise<void> {
    let keys = this.#keys.get(userId);
    if (keys === undefined) {
      keys = new Set();
      this.#keys.set(userId, keys);
    }
    keys.add(sessionKey);
  }

  async remove(userId: string, sessionKeys: readonly string[]): Promise<void> {
    const keys = this.#keys.get(userId);
    if (keys === undefined) return;
    for (const key of sessionKeys) keys.delete(key);
    if (keys.size === 0) this.#keys.delete(userId);
  }

  async list(userId: string): Promise<string[]> {
    return [...(this.#keys.get(userId) ?? [])];
  }
}

/** An index over a cookie engine would promise a logout it cannot deliver. */
export function assertRevocable(engine: SessionEngine): void {
  if (engine.capabilities.storage !== 'stored' || !engine.capabilities.revocable) {
    throw new ConfigError(
      `a user session index needs a stored, revocable engine; '${engine.name}' keeps the session in the cookie`,
    );
  }
}
