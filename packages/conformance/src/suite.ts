import type { CaseGroup } from './case.js';
import { clearExpiredGroup } from './cases/clear-expired.js';
import { concurrencyGroup } from './cases/concurrency.js';
import { dataSafetyGroup } from './cases/data-safety.js';
import { engineContractGroup } from './cases/engine-contract.js';
import { expiryGroup } from './cases/expiry.js';
import { keyGroup } from './cases/keys.js';
import { optimisticGroup } from './cases/optimistic.js';
import { outageGroup } from './cases/outage.js';
import { sessionBehaviourGroup } from './cases/session-behaviour.js';
import { touchAndCapsGroup } from './cases/touch-and-caps.js';
import { versionGroup } from './cases/versions.js';

/** Every case group, in the order `runEngineConformance` registers them. */
export const ALL_GROUPS: readonly CaseGroup[] = [
  sessionBehaviourGroup,
  engineContractGroup,
  expiryGroup,
  keyGroup,
  concurrencyGroup,
  dataSafetyGroup,
  clearExpiredGroup,
  outageGroup,
  touchAndCapsGroup,
  optimisticGroup,
  versionGroup,
];

export {
  clearExpiredGroup,
  concurrencyGroup,
  dataSafetyGroup,
  engineContractGroup,
  expiryGroup,
  keyGroup,
  optimisticGroup,
  outageGroup,
  sessionBehaviourGroup,
  touchAndCapsGroup,
  versionGroup,
};
