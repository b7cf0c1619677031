import { countCases } from '@sessionkit/conformance';
import * as broken from './support/broken-engines';
import { failedNames, runCollected } from './support/collected-run';
import { InspectableMemoryEngine, memoryInspector } from './support/inspectable-memory-engine';

type EngineClass = typeof InspectableMemoryEngine;
/** What MemoryEngine declares beyond the stored defaults. */
const MEMORY_CAPABILITIES = { optimisticConcurrency: true };

/** Each broken engine and exactly the cases its one defect must fail. */
const EXPECTED_FAILURES: [EngineClass, string[]][] = [
  [
    broken.LoadCreatesRecord,
    [
      'test_session_load_does_not_create_record',
      'test_session_save_does_not_resurrect_session_logged_out_in_other_context',
      'test_decode_failure_logged_to_security',
      'test_decode_serializer_exception',
      'contract: load of an unknown key resolves to null and creates nothing',
      'contract: update of an unknown key throws UpdateError and creates nothing',
      'contract: update after delete throws UpdateError and does not resurrect',
      'expiry: expiresAt is in ms (alive at +1.5 s, dead at +2 s, expiresAt <= now is dead)',
      'expiry: an expiresAt already past never makes an immortal record',
      'expiry: update with an expiresAt already past ends the record',
      'keys: an unknown well-formed key is replaced by a fresh one on save',
    ],
  ],
  [
    broken.UpdateResurrects,
    [
      'test_session_save_does_not_resurrect_session_logged_out_in_other_context',
      'contract: update of an unknown key throws UpdateError and creates nothing',
      'contract: update after delete throws UpdateError and does not resurrect',
      'expiry: update of an expired record throws UpdateError and does not revive it',
    ],
  ],
  [
    broken.ExpiryIgnored,
    [
      'test_actual_expiry',
      'expiry: expiresAt is in ms (alive at +1.5 s, dead at +2 s, expiresAt <= now is dead)',
      'expiry: a 60-day life lasts 60 days (TTLs over 30 days are no timestamps)',
      'expiry: an expiresAt already past never makes an immortal record',
      'expiry: update with an expiresAt already past ends the record',
      'expiry: update of an expired record throws UpdateError and does not revive it',
      'expiry: update moves expiresAt',
      'expiry: reading a record does not extend its life',
      'expiry: a session with setExpiry(seconds) dies after that many idle seconds',
      'expiry: a session with setExpiry(Date) keeps that instant across later saves',
    ],
  ],
  [
    broken.CreateOverwrites,
    [
      'contract: create on a taken key throws CreateError and keeps the record',
      'concurrency: C-01 create skips taken keys and leaves their data untouched',
      'concurrency: C-02 create gives up after maxCreateAttempts when every key is taken',
      'concurrency: C-03 parallel creates over a tiny key space never share or overwrite',
      'concurrency: parallel creates on one key: exactly one wins, the rest get CreateError',
    ],
  ],
  [
    broken.TtlSecondsAsMs,
    [
      'contract: create stores the record and resolves to the cookie value',
      'expiry: expiresAt is in ms (alive at +1.5 s, dead at +2 s, expiresAt <= now is dead)',
      'expiry: a 60-day life lasts 60 days (TTLs over 30 days are no timestamps)',
      'expiry: update moves expiresAt',
      'expiry: reading a record does not extend its life',
      'expiry: a session with setExpiry(seconds) dies after that many idle seconds',
      'expiry: a session with setExpiry(Date) keeps that instant across later saves',
      'expiry: the persisted expiry equals expiresAt (ms, not s)',
      'clearExpired: removes exactly the expired records, in batches, reporting progress',
      'clearExpired: an already aborted signal removes nothing',
      'clearExpired: aborting during a run stops it after the current batch',
    ],
  ],
  [
    broken.DataAltered,
    [
      'data: the engine round trip is exact (non-ASCII, nesting, numbers, empty containers)',
      'data: the Session round trip through the engine is exact',
    ],
  ],
  [
    broken.ClearExpiredDeletesLive,
    [
      'clearExpired: removes exactly the expired records, in batches, reporting progress',
      'clearExpired: an already aborted signal removes nothing',
      'clearExpired: aborting during a run stops it after the current batch',
    ],
  ],
  [broken.StoreErrorAsMissing, ['outage: load rejects with EngineUnavailableError, never resolves null']],
  [broken.PlainKeysAtRest, ['keys: keys are hashed at rest']],
  [
    broken.SizeLimitIgnored,
    [
      'data: oversized data on create throws SessionTooLargeError and stores nothing',
      'data: oversized data on update throws SessionTooLargeError and keeps the previous record',
    ],
  ],
  [
    broken.SharesObjects,
    [
      'contract: update replaces the whole record, no merge',
      'data: records are copies, neither the caller nor a reader can change them',
      'data: an unserializable nested mutation is refused at save, the stored record intact',
    ],
  ],
  [
    broken.LoadExtendsLife,
    [
      'expiry: expiresAt is in ms (alive at +1.5 s, dead at +2 s, expiresAt <= now is dead)',
      'expiry: a 60-day life lasts 60 days (TTLs over 30 days are no timestamps)',
      'expiry: update moves expiresAt',
      'expiry: reading a record does not extend its life',
      'expiry: a session with setExpiry(seconds) dies after that many idle seconds',
    ],
  ],
];

const runAgainst = (Engine: EngineClass) =>
  runCollected(({ clock }) => new Engine({ clock }), { inspect: memoryInspector, capabilities: MEMORY_CAPABILITIES });

describe('the conformance suite has teeth', () => {
  it('passes the correct MemoryEngine on every case', async () => {
    const results = await runAgainst(InspectableMemoryEngine);
    expect(failedNames(results)).toEqual([]);
    expect(results).toHaveLength(countCases(MEMORY_CAPABILITIES, { inspect: memoryInspector }));
  });

  it('has a broken engine for every defect class in the brief, and more', () => {
    expect(EXPECTED_FAILURES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(EXPECTED_FAILURES.map(([Engine]) => Engine)).size).toBe(Object.keys(broken).length);
  });

  it.each(EXPECTED_FAILURES.map(([Engine, names]) => [Engine.name, Engine, names] as const))(
    '%s fails exactly the cases its defect breaks',
    async (_, Engine, expected) => {
      const results = await runAgainst(Engine);
      const failed = failedNames(results);
      expect(failed.sort()).toEqual([...expected].sort());
      // One defect must not take the whole suite down with it.
      expect(failed.length).toBeLessThan(results.length / 5);
    },
  );
});
