import {
  type BddApi,
  type CaseBody,
  collectHarness,
  jestHarness,
  ManualClock,
  mochaHarness,
  type NodeTestApi,
  nodeTestHarness,
  vitestHarness,
} from '@sessionkit/conformance';

const body: CaseBody = async () => {};

describe('harness helpers', () => {
  it('jestHarness reads the globals jest injects', () => {
    const harness = jestHarness();
    expect(typeof harness.describe).toBe('function');
    expect(typeof harness.beforeEach).toBe('function');
  });

  it('vitestHarness passes the timeout as the third argument', () => {
    const it = jest.fn();
    const api: BddApi = { describe: (_, inner) => inner(), it };
    vitestHarness(api).it('case', body, 1234);
    expect(it).toHaveBeenCalledWith('case', body, 1234);
  });

  it('nodeTestHarness passes the timeout as an option', () => {
    const it = jest.fn();
    const api: NodeTestApi = { describe: (_, inner) => inner(), it };
    nodeTestHarness(api).it('case', body, 1234);
    expect(it).toHaveBeenCalledWith('case', { timeout: 1234 }, body);
  });

  it('mochaHarness sets the timeout on the returned test', () => {
    const timeout = jest.fn();
    const api: BddApi = { describe: (_, inner) => inner(), it: () => ({ timeout }) };
    mochaHarness(api).it('case', body, 1234);
    expect(timeout).toHaveBeenCalledWith(1234);
  });

  it('says what to do when the runner has no globals', () => {
    const scope = globalThis as Record<string, unknown>;
    const saved = scope.describe;
    delete scope.describe;
    try {
      expect(() => mochaHarness()).toThrow(/pass them to the harness helper/);
    } finally {
      scope.describe = saved;
    }
  });

  it('collectHarness records nested names and reports failures without throwing', async () => {
    const harness = collectHarness();
    harness.describe('outer', () => {
      harness.describe('inner', () => {
        harness.it('passes', async () => {});
        harness.it('fails', async () => {
          throw new Error('nope');
        });
      });
    });
    const results = await harness.run();
    expect(results.map(({ path, name, passed }) => [path, name, passed])).toEqual([
      [['outer', 'inner'], 'passes', true],
      [['outer', 'inner'], 'fails', false],
    ]);
  });
});

describe('ManualClock', () => {
  it('moves only when told to', () => {
    const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
    const start = clock.now();
    clock.advance(1500);
    expect(clock.now()).toBe(start + 1500);
    clock.set(42);
    expect(clock.now()).toBe(42);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set(new Date(Number.NaN))).toThrow(RangeError);
  });
});
