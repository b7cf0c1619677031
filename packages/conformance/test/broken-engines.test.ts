import { countCases } from '@sessionkit/conformance';
import * as broken from './support/broken-engines';
import { failedNames, runCollected } from './support/collected-run';
import { EXPECTED_FAILURES } from './support/expected-failures';
import { InspectableMemoryEngine, memoryInspector } from './support/inspectable-memory-engine';

/** What MemoryEngine declares beyond the stored defaults. */
const MEMORY_CAPABILITIES = { optimisticConcurrency: true };

/**
 * Each case's deadline. Short: engines that hang fail by it, and the bisections get 6 times it.
 * CloseHangsWhileDown's close hangs after every outage case, each waiting the whole deadline
 * (18 s of the run at 2 s); its other cases take milliseconds, as every memory engine's do.
 */
const deadlineFor = (Engine: typeof InspectableMemoryEngine): number =>
  Engine === broken.CloseHangsWhileDown ? 500 : 2000;

const runAgainst = (Engine: typeof InspectableMemoryEngine) =>
  runCollected(({ clock }) => new Engine({ clock }), {
    inspect: memoryInspector,
    capabilities: MEMORY_CAPABILITIES,
    timeoutMs: deadlineFor(Engine),
  });

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
    // An engine that hangs fails each case by its deadline.
    60_000,
  );
});
