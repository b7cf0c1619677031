import type { EngineCapabilities, SessionEngine } from '@sessionkit/core';
import type { CaseGroup } from './case.js';
import { resolveCapabilities } from './capabilities.js';
import type { CaseSelection, ConformanceOptions, EngineFactory } from './options.js';
import { registerGroups, selectCases } from './register.js';
import * as suite from './suite.js';

/** Registers a set of cases for one engine under `describe(name)`. */
export type CaseRegistrar = <E extends SessionEngine>(
  name: string,
  factory: EngineFactory<E>,
  options: ConformanceOptions<E>,
) => void;

/** The whole suite. Registration is synchronous; the factory runs inside each case. */
export const runEngineConformance: CaseRegistrar = (name, factory, options) =>
  registerGroups(name, suite.ALL_GROUPS, factory, options);

function registrar(group: CaseGroup): CaseRegistrar {
  return (name, factory, options) => registerGroups(name, [group], factory, options);
}

/** Every test of Django's SessionTestsMixin, on `Session` over the engine. */
export const sessionBehaviourCases = registrar(suite.sessionBehaviourGroup);
/** The engine methods called directly: create/update/delete/exists/load/close semantics. */
export const engineContractCases = registrar(suite.engineContractGroup);
/** ms vs s, `expiresAt <= now`, past expiries, sliding and absolute expiry; fake clock or real delay. */
export const expiryCases = registrar(suite.expiryGroup);
/** Key rules, hostile keys, unknown keys, hashing at rest. */
export const keyCases = registrar(suite.keyGroup);
/** Create collisions (C-01..C-03), create races, single load under racing reads. */
export const concurrencyCases = registrar(suite.concurrencyGroup);
/** Exact round trips, prototype keys, copies, size limits, unserializable values. */
export const dataSafetyCases = registrar(suite.dataSafetyGroup);
/** clearExpired counts, batches, progress and abort. */
export const clearExpiredCases = registrar(suite.clearExpiredGroup);
/** Store outages as EngineUnavailableError (needs `inspect.breakStore`). */
export const outageCases = registrar(suite.outageGroup);
/** `touchAfter` and `absoluteTimeout` through a SessionManager (stored engines, injected clock). */
export const touchAndCapsCases = registrar(suite.touchAndCapsGroup);
/** `concurrency: 'optimistic'` through a SessionManager (`optimisticConcurrency` engines). */
export const optimisticCases = registrar(suite.optimisticGroup);
/** Contract v2: version tokens, conditional update (`optimisticConcurrency`) and `touch`. */
export const versionCases = registrar(suite.versionGroup);

/**
 * The names of the cases `runEngineConformance` registers for these capabilities (the
 * stored defaults filled in) and this selection, in order: a runner must report exactly these.
 */
export function listCases(capabilities: Partial<EngineCapabilities> = {}, selection: CaseSelection = {}): string[] {
  return selectCases(suite.ALL_GROUPS, resolveCapabilities(capabilities), selection).flatMap(({ cases }) =>
    cases.map((testCase) => testCase.name),
  );
}

export function countCases(capabilities: Partial<EngineCapabilities> = {}, selection: CaseSelection = {}): number {
  return listCases(capabilities, selection).length;
}
