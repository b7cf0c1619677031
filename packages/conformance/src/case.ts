import type {
  EngineCapabilities,
  Session,
  SessionData,
  SessionEngine,
  SessionOptions,
  SessionRecord,
} from '@sessionkit/core';
import type { ManualClock } from './manual-clock.js';
import type { Inspector, RecordDamage } from './options.js';

/** The inspect hooks, already bound to the case's engine. */
export interface BoundHooks {
  rawKeys?(): Promise<readonly string[]>;
  rawExpiry?(key: string): Promise<Date | null>;
  breakStore?(): Promise<void>;
  corruptRecord?(key: string, damage: RecordDamage): Promise<void>;
  encodedBytes?(data: SessionData): Promise<number>;
}

/** Everything one case works with. The engine is fresh and is closed after the case. */
export interface CaseContext {
  readonly engine: SessionEngine;
  readonly clock: ManualClock;
  /** What the suite was registered with (checked against the engine by one case). */
  readonly capabilities: EngineCapabilities;
  readonly hooks: BoundHooks;
  /** A new random key in the engine's key format. */
  freshKey(): string;
  /** A `Session` on the case's clock, over the case's engine unless `options.engine` is given. */
  session(key?: string | null, options?: SessionOptions & { engine?: SessionEngine }): Session;
  /** A record expiring `ttlMs` after the clock's now (one hour by default). */
  record(data?: SessionData, ttlMs?: number): SessionRecord;
  /** Creates a record under a fresh key; resolves to the cookie value `create` gave back. */
  seed(data?: SessionData, ttlMs?: number): Promise<string>;
}

/** What decides whether a case applies. */
export interface CaseEnvironment {
  readonly capabilities: EngineCapabilities;
  readonly hooks: ReadonlySet<keyof Inspector>;
}

export interface ConformanceCase {
  /** Unique across the suite; Django's test name for a port of one of its tests. */
  readonly name: string;
  /** Applies to every engine when absent. */
  readonly when?: (environment: CaseEnvironment) => boolean;
  /** Many near-limit writes (a bisection): the case gets SLOW_CASE_FACTOR times the deadline. */
  readonly slow?: boolean;
  run(context: CaseContext): Promise<void>;
}

export interface CaseGroup {
  readonly name: string;
  readonly cases: readonly ConformanceCase[];
}

export const SLOW_CASE_FACTOR = 6;

export function applies(testCase: ConformanceCase, environment: CaseEnvironment): boolean {
  return testCase.when?.(environment) ?? true;
}
