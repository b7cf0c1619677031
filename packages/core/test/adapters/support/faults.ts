import {
  EngineMisconfiguredError,
  EngineUnavailableError,
  SessionConflictError,
  type SessionEngine,
  type SessionRecord,
  UpdateError,
} from '@sessionkit/core';

/** Which fault to inject into which method. */
export interface FaultPlan {
  /** Delays `update` (ms) and records when it resolved. */
  updateDelayMs?: number;
  update?: 'update-error' | 'outage' | 'conflict' | 'misconfigured';
  load?: 'outage';
}

/**
 * A FAKE, used only to inject faults: delegates to a real engine and, per the plan, delays
 * `update`, throws UpdateError (a concurrent delete), EngineUnavailableError (an outage),
 * SessionConflictError (a lost optimistic race) or EngineMisconfiguredError (a read-only store).
 */
export class FaultyEngine implements SessionEngine {
  readonly name = 'faulty';
  plan: FaultPlan = {};
  updateResolvedAt = 0;

  constructor(readonly inner: SessionEngine) {}

  get capabilities() {
    return this.inner.capabilities;
  }

  async load(key: string) {
    if (this.plan.load === 'outage') throw new EngineUnavailableError('[faulty] store unreachable (injected)');
    return this.inner.load(key);
  }

  async update(key: string, record: SessionRecord) {
    if (this.plan.updateDelayMs) await new Promise((r) => setTimeout(r, this.plan.updateDelayMs));
    if (this.plan.update === 'update-error') throw new UpdateError('[faulty] record vanished (injected)');
    if (this.plan.update === 'outage') throw new EngineUnavailableError('[faulty] store unreachable (injected)');
    if (this.plan.update === 'conflict') throw new SessionConflictError('[faulty] version moved on (injected)');
    if (this.plan.update === 'misconfigured') {
      throw new EngineMisconfiguredError('[faulty] update failed: SqliteError SQLITE_READONLY (injected)');
    }
    const value = await this.inner.update(key, record);
    this.updateResolvedAt = performance.now();
    return value;
  }

  create(key: string, record: SessionRecord) {
    return this.inner.create(key, record);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  exists(key: string) {
    return this.inner.exists(key);
  }
  clearExpired() {
    return this.inner.clearExpired();
  }
  close() {
    return this.inner.close();
  }
}
