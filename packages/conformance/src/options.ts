import type { EngineCapabilities, SessionData, SessionEngine } from '@sessionkit/core';
import type { Harness } from './harness.js';
import type { ManualClock } from './manual-clock.js';

/** What the factory gets for each case. */
export interface FactoryContext {
  /** The clock the engine must decide expiry by (when `usesInjectedClock`). */
  readonly clock: ManualClock;
  /** Registers work to run after the case has closed the engine (e.g. removing a temp dir). */
  cleanup(task: () => void | Promise<void>): void;
}

/** Makes a fresh, empty engine for one case. The suite closes it when the case ends. */
export type EngineFactory<E extends SessionEngine = SessionEngine> = (context: FactoryContext) => E | Promise<E>;

/** How a record was damaged by `Inspector.corruptRecord`. */
export type RecordDamage =
  /** Fails the integrity check (a flipped signature byte), Django's "Session data corrupted". */
  | 'tampered'
  /** Passes integrity but the payload does not decode (bad JSON, wrong top-level type). */
  | 'undecodable';

/**
 * Optional raw access to what the engine persisted. Each hook present turns on the cases
 * that need it; a hook absent means those cases are not registered.
 */
export interface Inspector<E extends SessionEngine = SessionEngine> {
  /** Every key as persisted (row ids, Redis keys, file names). Turns on the hashed-at-rest case. */
  rawKeys?(engine: E): readonly string[] | Promise<readonly string[]>;
  /** The expiry as persisted for a key (from a TTL, a column, a file), or null when absent. */
  rawExpiry?(engine: E, key: string): Date | null | Promise<Date | null>;
  /** Makes every later store call fail as a dead store would. Turns on the outage cases. */
  breakStore?(engine: E): void | Promise<void>;
  /**
   * Damages the stored record of `key`. Turns on Django's decode-failure cases. A case may damage
   * several records; an engine that can be undecodable in more than one way may vary the form.
   */
  corruptRecord?(engine: E, key: string, damage: RecordDamage): void | Promise<void>;
  /**
   * UTF-8 bytes of `data` encoded as the engine stores it (after its codec): what it compares
   * with `maxDataBytes`. Turns on the exact size-boundary checks.
   */
  encodedBytes?(engine: E, data: SessionData): number | Promise<number>;
}

export interface ConformanceOptions<E extends SessionEngine = SessionEngine> {
  harness: Harness;
  /**
   * What the engine declares, where it differs from a stored engine's defaults (Django's
   * key rules, 1 ms TTL resolution, injected clock, 1 MiB). Cases are chosen by these at
   * registration time; one case checks that the engine really declares them.
   */
  capabilities?: Partial<EngineCapabilities>;
  inspect?: Inspector<E>;
  /** Case names or group names not to register. */
  skip?: readonly string[];
  /** Deadline of one case in ms, engine set-up included; 10 s by default. */
  timeoutMs?: number;
}

/** What decides which cases apply, besides the capabilities. */
export type CaseSelection = Pick<ConformanceOptions, 'inspect' | 'skip'>;
