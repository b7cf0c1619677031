import type { InspectableMemoryEngine } from './inspectable-memory-engine.js';
import * as broken from './broken-engines.js';

type EngineClass = typeof InspectableMemoryEngine;

/**
 * Each broken engine and exactly the cases its one defect must fail. A defect that bypasses
 * a guard of MemoryEngine (an override that skips the closed check, a non-atomic write) also
 * fails the cases of that guard: those are listed too.
 */
export const EXPECTED_FAILURES: [EngineClass, string[]][] = [
  [
    broken.LoadCreatesRecord,
    [
      'caps: A-01 absoluteTimeout ends an active session at the limit and deletes its record',
      'contract: load of an unknown key resolves to null and creates nothing',
      'contract: update after delete throws UpdateError and does not resurrect',
      'contract: update of an unknown key throws UpdateError and creates nothing',
      'expiry: an expiresAt already past never makes an immortal record',
      'expiry: expiresAt is in ms (alive at +1.5 s, dead at +2 s, expiresAt <= now is dead)',
      'expiry: update with an expiresAt already past ends the record',
      'keys: an unknown well-formed key is replaced by a fresh one on save',
      'test_decode_failure_logged_to_security',
      'test_decode_serializer_exception',
      'test_session_load_does_not_create_record',
      'test_session_save_does_not_resurrect_session_logged_out_in_other_context',
    ],
  ],
  [
    broken.UpdateResurrects,
    [
      'close: afterwards a call with arguments the engine would refuse still rejects with EngineUnavailableError',
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'close: afterwards every call rejects with EngineUnavailableError',
      'concurrency: an update racing a delete never resurrects the record',
      'contract: update after delete throws UpdateError and does not resurrect',
      'contract: update of an unknown key throws UpdateError and creates nothing',
      'expiry: update of an expired record throws UpdateError and does not revive it',
      'keys: create and update of a key outside the declared key rules are refused and store nothing',
      'keys: update and touch of a key outside the declared key rules reject with UpdateError',
      'optimistic: O-01 of two requests that loaded one version, the later commit is a conflict and the first stays',
      'test_session_save_does_not_resurrect_session_logged_out_in_other_context',
      'versions: a live record stored without a token matches no expectedVersion',
      'versions: two conditional updates from one version: exactly one wins, the other SessionConflictError',
      'versions: update with a stale expectedVersion is SessionConflictError, the record intact',
      'versions: update with expectedVersion on a missing or deleted key is UpdateError, never resurrects',
      'versions: update with expectedVersion on an expired record is UpdateError',
    ],
  ],
  [
    broken.ExpiryIgnored,
    [
      'create: takes a key whose record has expired but is still stored, replacing it',
      'exists: false once expiresAt <= now, even while the expired record is still stored',
      'expiry: a 60-day life lasts 60 days (TTLs over 30 days are no timestamps)',
      'expiry: a session with setExpiry(Date) keeps that instant across later saves',
      'expiry: a session with setExpiry(seconds) dies after that many idle seconds',
      'expiry: an expiresAt already past never makes an immortal record',
      'expiry: expiresAt is in ms (alive at +1.5 s, dead at +2 s, expiresAt <= now is dead)',
      'expiry: reading a record does not extend its life',
      'expiry: update moves expiresAt',
      'expiry: update of an expired record throws UpdateError and does not revive it',
      'expiry: update with an expiresAt already past ends the record',
      'test_actual_expiry',
      'touch: on a missing, deleted or expired key is UpdateError and never resurrects',
      'touch: the new expiry is the one the clock enforces',
      'versions: update with expectedVersion on an expired record is UpdateError',
    ],
  ],
  [
    broken.CreateOverwrites,
    [
      'close: afterwards a call with arguments the engine would refuse still rejects with EngineUnavailableError',
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'close: afterwards every call rejects with EngineUnavailableError',
      'concurrency: C-01 create skips taken keys and leaves their data untouched',
      'concurrency: C-02 create gives up after maxCreateAttempts when every key is taken',
      'concurrency: C-03 parallel creates over a tiny key space never share or overwrite',
      'concurrency: parallel creates on one key: exactly one wins, the rest get CreateError',
      'contract: create on a taken key throws CreateError and keeps the record',
      'create: on a live undecodable record throws CreateError',
      'keys: create and update of a key outside the declared key rules are refused and store nothing',
      'keys: create of a key outside the declared key rules rejects with CreateError',
    ],
  ],
  [
    broken.TtlSecondsAsMs,
    [
      'caps: A-01 absoluteTimeout ends an active session at the limit and deletes its record',
      'clearExpired: a batchSize that is not a positive whole number rejects with ConfigError',
      'clearExpired: aborting during a run stops it after the current batch',
      'clearExpired: an already aborted signal removes nothing',
      'clearExpired: an onProgress that is not a function rejects with ConfigError and removes nothing',
      'clearExpired: records removed before an abort stay removed and were reported through onProgress',
      'clearExpired: removes exactly the expired records, in batches, reporting progress',
      'contract: create stores the record and resolves to the cookie value',
      'exists: false once expiresAt <= now, even while the expired record is still stored',
      'expiry: a 60-day life lasts 60 days (TTLs over 30 days are no timestamps)',
      'expiry: a session with setExpiry(Date) keeps that instant across later saves',
      'expiry: a session with setExpiry(seconds) dies after that many idle seconds',
      'expiry: expiresAt is in ms (alive at +1.5 s, dead at +2 s, expiresAt <= now is dead)',
      'expiry: reading a record does not extend its life',
      'expiry: the persisted expiry equals expiresAt (ms, not s)',
      'expiry: update moves expiresAt',
      'no-op: update with the same data and a new expiry stores the new expiry',
      'touch: T-01 a read inside touchAfter writes nothing; one past it writes once and keeps data and version',
    ],
  ],
  [
    broken.DataAltered,
    [
      'data: the Session round trip through the engine is exact',
      'data: the engine round trip is exact (non-ASCII, nesting, numbers, empty containers)',
      'size: the largest multi-byte UTF-8 record that fits round-trips; one character more is SessionTooLargeError',
    ],
  ],
  [
    broken.ClearExpiredDeletesLive,
    [
      'clearExpired: a batchSize that is not a positive whole number rejects with ConfigError',
      'clearExpired: aborting during a run stops it after the current batch',
      'clearExpired: an aborted signal, before or during a run, rejects with signal.reason',
      'clearExpired: an already aborted signal removes nothing',
      'clearExpired: an onProgress that is not a function rejects with ConfigError and removes nothing',
      'clearExpired: records removed before an abort stay removed and were reported through onProgress',
      'clearExpired: removes exactly the expired records, in batches, reporting progress',
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'close: afterwards every call rejects with EngineUnavailableError',
    ],
  ],
  [
    broken.StoreErrorAsMissing,
    [
      'close: resolves while the store is down, stays idempotent, then every call rejects with EngineUnavailableError',
      'outage: every call names itself in the EngineUnavailableError operation',
      'outage: load rejects with EngineUnavailableError, never resolves null',
    ],
  ],
  [broken.PlainKeysAtRest, ['keys: keys are hashed at rest']],
  [
    broken.SharesObjects,
    [
      'contract: update replaces the whole record, no merge',
      'data: an unserializable nested mutation is refused at save, the stored record intact',
      'data: create and update store the record as it was when called, whatever the caller changes after',
      'data: records are copies, neither the caller nor a reader can change them',
      'keys: a key of exactly maxKeyLength characters is stored and found',
      'keys: a key of exactly minKeyLength characters is stored and found',
      'no-op: empty data is a record like any other (stored, loaded as {}, not as missing)',
      'optimistic: O-01 of two requests that loaded one version, the later commit is a conflict and the first stays',
      'size: the largest ASCII record that fits round-trips; one byte more is SessionTooLargeError, old record intact',
      'size: the largest multi-byte UTF-8 record that fits round-trips; one character more is SessionTooLargeError',
      'versions: two conditional updates from one version: exactly one wins, the other SessionConflictError',
      'versions: update with the matching expectedVersion succeeds and stores the new token',
    ],
  ],
  [
    broken.LoadExtendsLife,
    [
      'expiry: a 60-day life lasts 60 days (TTLs over 30 days are no timestamps)',
      'expiry: a session with setExpiry(seconds) dies after that many idle seconds',
      'expiry: expiresAt is in ms (alive at +1.5 s, dead at +2 s, expiresAt <= now is dead)',
      'expiry: reading a record does not extend its life',
      'expiry: update moves expiresAt',
      'no-op: update with the same data and a new expiry stores the new expiry',
      'touch: T-01 a read inside touchAfter writes nothing; one past it writes once and keeps data and version',
      'touch: the new expiry is the one the clock enforces',
    ],
  ],
  [
    broken.SizeCountsCharacters,
    ['size: the largest multi-byte UTF-8 record that fits round-trips; one character more is SessionTooLargeError'],
  ],
  [
    broken.SizeLimitIgnored,
    [
      'data: oversized data on create throws SessionTooLargeError and stores nothing',
      'data: oversized data on update throws SessionTooLargeError and keeps the previous record',
      'size: the largest ASCII record that fits round-trips; one byte more is SessionTooLargeError, old record intact',
      'size: the largest multi-byte UTF-8 record that fits round-trips; one character more is SessionTooLargeError',
    ],
  ],
  [
    broken.SizeOffByOne,
    [
      'size: the largest ASCII record that fits round-trips; one byte more is SessionTooLargeError, old record intact',
      'size: the largest multi-byte UTF-8 record that fits round-trips; one character more is SessionTooLargeError',
    ],
  ],
  [
    broken.TruncatesKeys,
    [
      'keys: a key and the same key one character longer stay apart',
      'keys: keys sharing all but their last character stay apart (no truncation, no collision)',
    ],
  ],
  [
    broken.RefusesLongestKey,
    [
      'keys: a key and the same key one character longer stay apart',
      'keys: a key of exactly maxKeyLength characters is stored and found',
      'keys: keys sharing all but their last character stay apart (no truncation, no collision)',
    ],
  ],
  [
    broken.UpdateNotAtomic,
    [
      'close: afterwards a call with arguments the engine would refuse still rejects with EngineUnavailableError',
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'concurrency: an update racing a delete never resurrects the record',
      'optimistic: O-01 of two requests that loaded one version, the later commit is a conflict and the first stays',
      'versions: a live record stored without a token matches no expectedVersion',
      'versions: two conditional updates from one version: exactly one wins, the other SessionConflictError',
      'versions: update with a stale expectedVersion is SessionConflictError, the record intact',
    ],
  ],
  [
    broken.CreateNotAtomic,
    [
      'close: afterwards a call with arguments the engine would refuse still rejects with EngineUnavailableError',
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'concurrency: C-03 parallel creates over a tiny key space never share or overwrite',
      'concurrency: parallel creates on one key: exactly one wins, the rest get CreateError',
      'keys: create and update of a key outside the declared key rules are refused and store nothing',
      'keys: create of a key outside the declared key rules rejects with CreateError',
    ],
  ],
  [broken.SkipsUnchangedData, ['no-op: update with the same data and a new expiry stores the new expiry']],
  [broken.EmptyDataAsMissing, ['no-op: empty data is a record like any other (stored, loaded as {}, not as missing)']],
  [
    broken.OutageWithoutCause,
    [
      'outage: clearExpired rejects with EngineUnavailableError, never 0',
      'outage: create rejects with EngineUnavailableError, never CreateError',
      'outage: delete rejects with EngineUnavailableError, never silent',
      'outage: exists rejects with EngineUnavailableError, never false',
      'outage: load rejects with EngineUnavailableError, never resolves null',
      'outage: update rejects with EngineUnavailableError, never UpdateError',
    ],
  ],
  [broken.OutageWithoutOperation, ['outage: every call names itself in the EngineUnavailableError operation']],
  [
    broken.ExistsIgnoresExpiry,
    [
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'close: afterwards every call rejects with EngineUnavailableError',
      'exists: false once expiresAt <= now, even while the expired record is still stored',
    ],
  ],
  [
    broken.ExistsDecodes,
    [
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'exists: true for a live record whose data does not decode (exists never decodes)',
      'outage: every call names itself in the EngineUnavailableError operation',
    ],
  ],
  [
    broken.CreateOverUndecodable,
    [
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'concurrency: C-03 parallel creates over a tiny key space never share or overwrite',
      'concurrency: parallel creates on one key: exactly one wins, the rest get CreateError',
      'create: on a live undecodable record throws CreateError',
      'outage: every call names itself in the EngineUnavailableError operation',
    ],
  ],
  [
    broken.ReadsRecordLate,
    ['data: create and update store the record as it was when called, whatever the caller changes after'],
  ],
  [broken.CreateRefusesExpired, ['create: takes a key whose record has expired but is still stored, replacing it']],
  [
    broken.ClearExpiredSwallowsAbort,
    [
      'clearExpired: a batchSize that is not a positive whole number rejects with ConfigError',
      'clearExpired: an aborted signal, before or during a run, rejects with signal.reason',
      'clearExpired: an onProgress that is not a function rejects with ConfigError and removes nothing',
      'clearExpired: records removed before an abort stay removed and were reported through onProgress',
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'close: afterwards every call rejects with EngineUnavailableError',
      'close: resolves while the store is down, stays idempotent, then every call rejects with EngineUnavailableError',
      'outage: clearExpired rejects with EngineUnavailableError, never 0',
      'outage: every call names itself in the EngineUnavailableError operation',
    ],
  ],
  [
    broken.AbortChecksLate,
    [
      'clearExpired: aborting during a run stops it after the current batch',
      'clearExpired: an aborted signal, before or during a run, rejects with signal.reason',
      'clearExpired: an already aborted signal removes nothing',
      'clearExpired: records removed before an abort stay removed and were reported through onProgress',
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'close: afterwards every call rejects with EngineUnavailableError',
    ],
  ],
  [
    broken.CloseIgnored,
    [
      'close: afterwards a call with arguments the engine would refuse still rejects with EngineUnavailableError',
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'close: afterwards every call rejects with EngineUnavailableError',
    ],
  ],
  [
    broken.CloseHangsWhileDown,
    [
      'close: resolves while the store is down, stays idempotent, then every call rejects with EngineUnavailableError',
      'outage: clearExpired rejects with EngineUnavailableError, never 0',
      'outage: create rejects with EngineUnavailableError, never CreateError',
      'outage: delete rejects with EngineUnavailableError, never silent',
      'outage: every call names itself in the EngineUnavailableError operation',
      'outage: exists rejects with EngineUnavailableError, never false',
      'outage: load rejects with EngineUnavailableError, never resolves null',
      'outage: update rejects with EngineUnavailableError, never UpdateError',
    ],
  ],
  [
    broken.JsonUnchecked,
    [
      'data: oversized data on create throws SessionTooLargeError and stores nothing',
      'data: oversized data on update throws SessionTooLargeError and keeps the previous record',
      'json: create refuses undefined, functions, symbols, bigint, non-plain objects and cycles',
      'json: create refuses unsafe integers, -0, NaN and ±Infinity with SerializationError',
      'json: nesting deeper than 1,000 levels is refused with SerializationError; 1,000 levels round-trip',
      'json: update refuses unfaithful data and keeps the previous record intact',
      'size: the largest ASCII record that fits round-trips; one byte more is SessionTooLargeError, old record intact',
      'size: the largest multi-byte UTF-8 record that fits round-trips; one character more is SessionTooLargeError',
    ],
  ],
  [
    broken.NegativeZeroAsZero,
    [
      'json: create refuses unsafe integers, -0, NaN and ±Infinity with SerializationError',
      'json: update refuses unfaithful data and keeps the previous record intact',
    ],
  ],
  [
    broken.ExpiryNaN,
    [
      'caps: A-01 absoluteTimeout ends an active session at the limit and deletes its record',
      'contract: create stores the record and resolves to the cookie value',
      'no-op: update with the same data and a new expiry stores the new expiry',
      'touch: T-01 a read inside touchAfter writes nothing; one past it writes once and keeps data and version',
      'touch: moves a live record’s expiry and keeps its data and version',
    ],
  ],
  [
    broken.VersionIgnored,
    [
      'optimistic: O-01 of two requests that loaded one version, the later commit is a conflict and the first stays',
      'versions: a live record stored without a token matches no expectedVersion',
      'versions: two conditional updates from one version: exactly one wins, the other SessionConflictError',
      'versions: update with a stale expectedVersion is SessionConflictError, the record intact',
    ],
  ],
  [
    broken.VersionNotReturned,
    [
      'optimistic: O-01 of two requests that loaded one version, the later commit is a conflict and the first stays',
      'optimistic: O-02 every write through the manager stores a fresh version token',
      'touch: moves a live record’s expiry and keeps its data and version',
      'versions: load returns the token stored by create, then the one stored by update',
      'versions: two conditional updates from one version: exactly one wins, the other SessionConflictError',
      'versions: update with a stale expectedVersion is SessionConflictError, the record intact',
      'versions: update with the matching expectedVersion succeeds and stores the new token',
    ],
  ],
  [broken.TokenlessMatchesAny, ['versions: a live record stored without a token matches no expectedVersion']],
  [
    broken.ConflictOnMissing,
    [
      'versions: update with expectedVersion on a missing or deleted key is UpdateError, never resurrects',
      'versions: update with expectedVersion on an expired record is UpdateError',
    ],
  ],
  [
    broken.ConditionalUpdateNotAtomic,
    ['versions: two conditional updates from one version: exactly one wins, the other SessionConflictError'],
  ],
  [
    broken.TouchDropsVersion,
    [
      'touch: T-01 a read inside touchAfter writes nothing; one past it writes once and keeps data and version',
      'touch: moves a live record’s expiry and keeps its data and version',
    ],
  ],
  [
    broken.TouchRevivesExpired,
    [
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'close: afterwards every call rejects with EngineUnavailableError',
      'close: resolves while the store is down, stays idempotent, then every call rejects with EngineUnavailableError',
      'outage: every call names itself in the EngineUnavailableError operation',
      'touch: on a missing, deleted or expired key is UpdateError and never resurrects',
    ],
  ],
  [
    broken.TouchIgnored,
    [
      'close: afterwards every call names itself in the EngineUnavailableError operation',
      'outage: every call names itself in the EngineUnavailableError operation',
      'touch: T-01 a read inside touchAfter writes nothing; one past it writes once and keeps data and version',
      'touch: moves a live record’s expiry and keeps its data and version',
      'touch: the new expiry is the one the clock enforces',
    ],
  ],
];
