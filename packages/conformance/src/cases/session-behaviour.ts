import type { CaseGroup } from '../case.js';
import { sessionCodecCases } from './session-codec.js';
import { sessionDataCases } from './session-data.js';
import { sessionExpiryCases } from './session-expiry.js';
import { sessionStorageCases } from './session-storage.js';

/**
 * Every test of Django's SessionTestsMixin (tests/sessions_tests/tests.py), ported onto
 * `Session` over the engine under test. Cookie engines skip what Django's
 * CookieSessionTests skip: test_save, test_cycle, load-does-not-create and no-resurrect.
 */
export const sessionBehaviourGroup: CaseGroup = {
  name: 'session behaviour (Django SessionTestsMixin)',
  cases: [...sessionDataCases, ...sessionStorageCases, ...sessionExpiryCases, ...sessionCodecCases],
};
