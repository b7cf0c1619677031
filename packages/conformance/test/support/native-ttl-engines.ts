import {
  type ClearExpiredOptions,
  type EngineCapabilities,
  MemoryEngine,
  type SessionRecord,
  systemClock,
} from '@sessionkit/core';
import { clearExpiredInBatches, engineClosed } from '@sessionkit/core/engine';
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

/** A store on its own clock that keeps expired records until clearExpired (SQL on the server's now()). */
export const NATIVE_CLOCK_CLEARING_CAPABILITIES: Partial<EngineCapabilities> = {
  usesInjectedClock: false,
  optimisticConcurrency: true,
};

/** MemoryEngine on the system clock, with no sweep timer: expired records stay until clearExpired. */
export class NativeClockClearingEngine extends InspectableMemoryEngine {
  override readonly capabilities: EngineCapabilities = {
    ...new MemoryEngine().capabilities,
    ...NATIVE_CLOCK_CLEARING_CAPABILITIES,
  };

  constructor() {
    super({ clock: systemClock, sweepIntervalMs: 0 });
  }
}

/** Compares expiresAt in ms with now in µs, so every record looks expired and clearExpired removes all. */
export class NativeClockClearsLive extends NativeClockClearingEngine {
  #closed = false;

  override async clearExpired(options?: ClearExpiredOptions): Promise<number> {
    this.assertUp('clearExpired');
    if (this.#closed) throw engineClosed(this.name, 'clearExpired');
    return clearExpiredInBatches(options, async (limit) => {
      const nowMicros = this.clock.now() * 1000;
      const doomed = [...this.records].filter(([, entry]) => entry.expiresAt <= nowMicros).slice(0, limit);
      for (const [key] of doomed) this.records.delete(key);
      return doomed.length;
    });
  }

  override async close(): Promise<void> {
    this.#closed = true;
    return super.close();
  }
}
