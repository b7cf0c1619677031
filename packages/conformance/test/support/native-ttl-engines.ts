import { type EngineCapabilities, MemoryEngine, type SessionRecord, systemClock } from '@sessionkit/core';
import { engineClosed } from '@sessionkit/core/engine';
import { InspectableMemoryEngine, type MemoryEntry } from './inspectable-memory-engine.js';

/** What a store with its own TTLs (Redis, memcached) declares. */
export const NATIVE_TTL_CAPABILITIES: Partial<EngineCapabilities> = {
  usesInjectedClock: false,
  clearExpired: 'unnecessary',
  // Built on MemoryEngine, which keeps version tokens.
  optimisticConcurrency: true,
};

/**
 * Stands in for a store that expires records by its own clock: MemoryEngine on the system
 * clock, ignoring the suite's fake one, so only the real-delay cases can test its expiry.
 */
export class NativeTtlMemoryEngine extends InspectableMemoryEngine {
  override readonly capabilities: EngineCapabilities = {
    ...new MemoryEngine().capabilities,
    ...NATIVE_TTL_CAPABILITIES,
  };

  constructor() {
    super({ clock: systemClock });
  }

  #closed = false;

  /** The store expires records itself. */
  override async clearExpired(): Promise<number> {
    this.assertUp('clearExpired');
    if (this.#closed) throw engineClosed(this.name, 'clearExpired');
    return 0;
  }

  override async close(): Promise<void> {
    this.#closed = true;
    return super.close();
  }
}

/** Hands a ms TTL to an API that takes seconds: every record lives 1000 times longer. */
export class NativeTtlMsAsSeconds extends NativeTtlMemoryEngine {
  protected override encode(record: SessionRecord): MemoryEntry {
    const entry = super.encode(record);
    const now = this.clock.now();
    return { ...entry, expiresAt: now + (entry.expiresAt - now) * 1000 };
  }
}
