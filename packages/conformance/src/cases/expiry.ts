import type { CaseGroup } from '../case.js';
import { clockExpiryCases } from './expiry-clock.js';
import { persistedExpiryCase, realTimeExpiryCases } from './expiry-real-time.js';

/** Expiry at the engine boundary: fake-clock cases or the real-delay tier, by `usesInjectedClock`. */
export const expiryGroup: CaseGroup = {
  name: 'expiry',
  cases: [...clockExpiryCases, ...realTimeExpiryCases, persistedExpiryCase],
};
