import { MemoryEngine } from '@sessionkit/core';
import {
  collectHarness,
  countCases,
  type Inspector,
  keyCases,
  listCases,
  runEngineConformance,
} from '@sessionkit/conformance';

const ALL_HOOKS: Inspector = {
  rawKeys: () => [],
  rawExpiry: () => null,
  breakStore: () => {},
  corruptRecord: () => {},
  encodedBytes: () => 0,
};

/** Every row of Django's SessionTestsMixin (reference 9.1); the async twins fold into these. */
const DJANGO_MIXIN_TESTS = [
  'test_new_session',
  'test_get_empty',
  'test_store',
  'test_pop',
  'test_pop_default',
  'test_pop_default_named_argument',
  'test_pop_no_default_keyerror_raised',
  'test_setdefault',
  'test_update',
  'test_has_key',
  'test_values',
  'test_keys',
  'test_items',
  'test_clear',
  'test_save',
  'test_delete',
  'test_flush',
  'test_cycle',
  'test_cycle_with_no_session_cache',
  'test_save_doesnt_clear_data',
  'test_invalid_key',
  'test_session_key_empty_string_invalid',
  'test_session_key_too_short_invalid',
  'test_session_key_valid_string_saved',
  'test_session_key_is_read_only',
  'test_default_expiry',
  'test_custom_expiry_seconds',
  'test_custom_expiry_timedelta',
  'test_custom_expiry_datetime',
  'test_custom_expiry_reset',
  'test_get_expire_at_browser_close',
  'test_decode',
  'test_decode_failure_logged_to_security',
  'test_decode_serializer_exception',
  'test_actual_expiry',
  'test_session_load_does_not_create_record',
  'test_session_save_does_not_resurrect_session_logged_out_in_other_context',
];

describe('case selection', () => {
  it('names every case uniquely', () => {
    const names = listCases({}, { inspect: ALL_HOOKS });
    expect(new Set(names).size).toBe(names.length);
  });

  it('ports every test of Django SessionTestsMixin', () => {
    const names = listCases({}, { inspect: ALL_HOOKS });
    expect(DJANGO_MIXIN_TESTS.filter((name) => !names.includes(name))).toEqual([]);
  });

  it('counts the cases each capability set gets', () => {
    expect(countCases()).toBe(114);
    // MemoryEngine declares optimisticConcurrency: the versions group joins in.
    expect(countCases(new MemoryEngine().capabilities)).toBe(123);
    expect(countCases({}, { inspect: ALL_HOOKS })).toBe(129);
    expect(countCases({ usesInjectedClock: false, clearExpired: 'unnecessary' })).toBe(98);
    // On its own clock with clearExpired 'supported': the real-time clearExpired case and the two refusals.
    expect(countCases({ usesInjectedClock: false })).toBe(100);
    expect(countCases({ clearExpired: 'unsupported' })).toBe(106);
  });

  it('leaves out skipped cases and groups, and refuses names it does not know', () => {
    expect(countCases({}, { skip: ['test_cycle'] })).toBe(113);
    expect(listCases({}, { skip: ['keys'] }).some((name) => name.startsWith('keys:'))).toBe(false);
    expect(() => listCases({}, { skip: ['test_cylce'] })).toThrow(/test_cylce/);
  });
});

describe('registration', () => {
  it('is synchronous, registers what listCases lists, and makes no engine', () => {
    const harness = collectHarness();
    const factory = jest.fn(({ clock }) => new MemoryEngine({ clock }));
    runEngineConformance('MemoryEngine', factory, { harness });
    expect(harness.cases.map((registered) => registered.name)).toEqual(listCases());
    expect(harness.cases[0]?.path).toEqual(['MemoryEngine', 'session behaviour (Django SessionTestsMixin)']);
    expect(factory).not.toHaveBeenCalled();
  });

  it('registers one group alone through its own function', () => {
    const harness = collectHarness();
    keyCases('MemoryEngine', ({ clock }) => new MemoryEngine({ clock }), { harness });
    expect(harness.cases.map((registered) => registered.name)).toEqual(
      listCases().filter((name) => name.startsWith('keys:')),
    );
  });
});

describe('case life cycle', () => {
  it('closes every engine and runs the factory cleanups after it, even when a case fails', async () => {
    const events: string[] = [];
    class FailingMemoryEngine extends MemoryEngine {
      override async load(): Promise<null> {
        throw new Error('boom');
      }
      override async close(): Promise<void> {
        events.push('close');
      }
    }
    const harness = collectHarness();
    runEngineConformance(
      'failing',
      ({ clock, cleanup }) => {
        cleanup(() => void events.push('cleanup'));
        return new FailingMemoryEngine({ clock });
      },
      // The cases that call close() themselves would add their own 'close' events.
      {
        harness,
        skip: [
          'contract: close is idempotent',
          'close: afterwards every call rejects with EngineUnavailableError',
          'close: afterwards every call names itself in the EngineUnavailableError operation',
          'close: afterwards a call with arguments the engine would refuse still rejects with EngineUnavailableError',
        ],
      },
    );
    const results = await harness.run();
    expect(results.some((result) => !result.passed)).toBe(true);
    expect(events).toEqual(results.flatMap(() => ['close', 'cleanup']));
  });

  it('fails a case that outruns timeoutMs instead of hanging', async () => {
    const harness = collectHarness();
    runEngineConformance('hanging', () => new Promise<MemoryEngine>(() => {}), {
      harness,
      timeoutMs: 20,
      skip: listCases().filter((name) => name !== 'test_new_session'),
    });
    const [result] = await harness.run();
    expect(result?.passed).toBe(false);
    expect(String(result?.error)).toMatch(/took longer than 20 ms/);
  });
});
