export type { CaseBody, Harness, BddApi, NodeTestApi } from './harness.js';
export { jestHarness, vitestHarness, mochaHarness, nodeTestHarness } from './harness.js';
export { collectHarness, type CollectingHarness, type CollectedCase, type CaseResult } from './collect-harness.js';
export { ManualClock } from './manual-clock.js';
export type {
  ConformanceOptions,
  CaseSelection,
  EngineFactory,
  FactoryContext,
  Inspector,
  RecordDamage,
} from './options.js';
export { STORED_ENGINE_DEFAULTS } from './capabilities.js';
export type { CaseContext, CaseEnvironment, CaseGroup, ConformanceCase, BoundHooks } from './case.js';
export {
  type CaseRegistrar,
  runEngineConformance,
  sessionBehaviourCases,
  engineContractCases,
  expiryCases,
  keyCases,
  concurrencyCases,
  dataSafetyCases,
  clearExpiredCases,
  outageCases,
  touchAndCapsCases,
  optimisticCases,
  versionCases,
  listCases,
  countCases,
} from './entry-points.js';
export { countingEngine, type CountingEngine } from './spy.js';
export { registerGroups } from './register.js';
