import { countCases, listCases } from '@sessionkit/conformance';
import { failedNames, runCollected } from './support/collected-run';
import { memoryInspector } from './support/inspectable-memory-engine';
import { NATIVE_TTL_CAPABILITIES, NativeTtlMemoryEngine, NativeTtlMsAsSeconds } from './support/native-ttl-engines';

const options = { capabilities: NATIVE_TTL_CAPABILITIES, inspect: memoryInspector };

describe('the real-delay tier, for engines with native TTLs', () => {
  it('replaces the fake-clock cases', () => {
    const names = listCases(NATIVE_TTL_CAPABILITIES);
    expect(names.filter((name) => name.startsWith('expiry (real time)'))).toHaveLength(4);
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
        'expiry: the persisted expiry equals expiresAt (ms, not s)',
        'no-op: update with the same data and a new expiry stores the new expiry',
      ].sort(),
    );
  });
});
