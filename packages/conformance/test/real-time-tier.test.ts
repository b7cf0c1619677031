import { clearExpiredCases, collectHarness, countCases, listCases } from '@sessionkit/conformance';
import { failedNames, runCollected } from './support/collected-run';
import { memoryInspector } from './support/inspectable-memory-engine';
import {
  NATIVE_CLOCK_CLEARING_CAPABILITIES,
  NATIVE_TTL_CAPABILITIES,
  NativeClockClearingEngine,
  NativeClockClearsLive,
  NativeTtlMemoryEngine,
  NativeTtlMsAsSeconds,
} from './support/native-ttl-engines';

const options = { capabilities: NATIVE_TTL_CAPABILITIES, inspect: memoryInspector };

describe('the real-delay tier, for engines with native TTLs', () => {
  it('replaces the fake-clock cases', () => {
    const names = listCases(NATIVE_TTL_CAPABILITIES);
    expect(names.filter((name) => name.startsWith('expiry (real time)'))).toHaveLength(7);
    expect(names.filter((name) => /^expiry: .*(ms|immortal|moves|setExpiry)/.test(name))).toEqual([]);
    expect(names).toContain('clearExpired: where unnecessary it is a no-op resolving to 0');
  });

  it('passes an engine that expires records by its own clock', async () => {
    const results = await runCollected(() => new NativeTtlMemoryEngine(), options);
    expect(failedNames(results)).toEqual([]);
    expect(results).toHaveLength(countCases(NATIVE_TTL_CAPABILITIES, options));
  });

  it('catches a TTL given in ms to an API that takes seconds', async () => {
    const results = await runCollected(() => new NativeTtlMsAsSeconds(), options);
    expect(failedNames(results).sort()).toEqual(
      [
        'contract: create stores the record and resolves to the cookie value',
        'expiry (real time): a record dies within ttlResolutionMs after expiresAt',
        // Every life is 1000 times longer: a short one set by update, read or not, outlives the check.
        'expiry (real time): reading a record does not extend its life',
        'expiry (real time): update moves the expiry, later and earlier',
        'expiry (real time): update of an expired record throws UpdateError and does not revive it',
        'expiry: the persisted expiry equals expiresAt (ms, not s)',
        'no-op: update with the same data and a new expiry stores the new expiry',
      ].sort(),
    );
  });
});

describe('clearExpired on the store’s own clock', () => {
  const clearing = { capabilities: NATIVE_CLOCK_CLEARING_CAPABILITIES, inspect: memoryInspector };

  it('registers the real-time case and the refusals that need no clock', () => {
    const names = listCases(NATIVE_CLOCK_CLEARING_CAPABILITIES).filter((name) => name.startsWith('clearExpired'));
    expect(names).toEqual([
      'clearExpired (real time): removes exactly the expired records and no live one; an aborted signal removes nothing',
      'clearExpired: a batchSize that is not a positive whole number rejects with ConfigError',
      'clearExpired: an onProgress that is not a function rejects with ConfigError and removes nothing',
    ]);
  });

  it('passes an engine that keeps expired records until clearExpired', async () => {
    const results = await runCollected(() => new NativeClockClearingEngine(), clearing);
    expect(failedNames(results)).toEqual([]);
    expect(results).toHaveLength(countCases(NATIVE_CLOCK_CLEARING_CAPABILITIES, clearing));
  });

  it('catches a clearExpired that also removes live records', async () => {
    // The clearExpired group alone: the defect is there, and the rest of the suite takes seconds of real waiting.
    const harness = collectHarness();
    clearExpiredCases('engine under test', () => new NativeClockClearsLive(), { ...clearing, harness });
    expect(failedNames(await harness.run())).toEqual(
      listCases(NATIVE_CLOCK_CLEARING_CAPABILITIES).filter((name) => name.startsWith('clearExpired')),
    );
  });
});
