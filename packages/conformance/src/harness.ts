/** One case body, as the suite hands it to a runner. */
export type CaseBody = () => Promise<void>;
type Hook = () => void | Promise<void>;

/**
 * What the suite needs from a test runner. The suite sets up and tears down the engine
 * inside each case, so `beforeEach`/`afterEach` are optional and only accepted so that a
 * runner's own object can be passed as it is.
 */
export interface Harness {
  describe(name: string, body: () => void): void;
  it(name: string, body: CaseBody, timeoutMs?: number): void;
  beforeEach?(hook: Hook): void;
  afterEach?(hook: Hook): void;
}

/** The BDD globals jest, vitest and mocha share. */
export interface BddApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: CaseBody, timeout?: number): unknown;
  beforeEach?(hook: Hook): unknown;
  afterEach?(hook: Hook): unknown;
}

/** The part of `node:test` the suite uses; `require('node:test')` fits it. */
export interface NodeTestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, options: { timeout?: number }, body: CaseBody): unknown;
  beforeEach?(hook: Hook): unknown;
  afterEach?(hook: Hook): unknown;
}

/** jest. Reads the globals jest injects; pass `@jest/globals` when `injectGlobals` is off. */
export function jestHarness(api?: BddApi): Harness {
  return bddHarness(api ?? readBddGlobals('jest'));
}

/** vitest: pass `{ describe, it }` from 'vitest', or nothing when `globals: true`. */
export function vitestHarness(api?: BddApi): Harness {
  return bddHarness(api ?? readBddGlobals('vitest'));
}

/** mocha (BDD interface). The timeout is set through the returned test's `.timeout()`. */
export function mochaHarness(api?: BddApi): Harness {
  const runner = api ?? readBddGlobals('mocha');
  return {
    ...bddHarness(runner),
    it(name, body, timeoutMs) {
      const test = runner.it(name, body);
      if (timeoutMs !== undefined && hasTimeoutSetter(test)) test.timeout(timeoutMs);
    },
  };
}

/** node:test: `nodeTestHarness(require('node:test'))` or `nodeTestHarness(await import('node:test'))`. */
export function nodeTestHarness(api: NodeTestApi): Harness {
  return {
    describe: (name, body) => void api.describe(name, body),
    it: (name, body, timeoutMs) => void api.it(name, timeoutMs === undefined ? {} : { timeout: timeoutMs }, body),
    ...hooksOf(api),
  };
}

function bddHarness(api: BddApi): Harness {
  return {
    describe: (name, body) => void api.describe(name, body),
    it: (name, body, timeoutMs) => void api.it(name, body, timeoutMs),
    ...hooksOf(api),
  };
}

function hooksOf(api: Pick<BddApi, 'beforeEach' | 'afterEach'>): Pick<Harness, 'beforeEach' | 'afterEach'> {
  const { beforeEach, afterEach } = api;
  return {
    ...(beforeEach && { beforeEach: (hook: Hook) => void beforeEach(hook) }),
    ...(afterEach && { afterEach: (hook: Hook) => void afterEach(hook) }),
  };
}

/** The runner's globals, read lazily so that importing this package never loads a runner. */
function readBddGlobals(runner: string): BddApi {
  const scope = globalThis as Record<string, unknown>;
  const { describe, it, beforeEach, afterEach } = scope;
  if (typeof describe !== 'function' || typeof it !== 'function') {
    throw new Error(`${runner} globals (describe, it) are not defined here; pass them to the harness helper`);
  }
  const api: BddApi = { describe: describe as BddApi['describe'], it: it as BddApi['it'] };
  if (typeof beforeEach === 'function') api.beforeEach = beforeEach as NonNullable<BddApi['beforeEach']>;
  if (typeof afterEach === 'function') api.afterEach = afterEach as NonNullable<BddApi['afterEach']>;
  return api;
}

function hasTimeoutSetter(test: unknown): test is { timeout(ms: number): unknown } {
  return typeof test === 'object' && test !== null && typeof (test as { timeout?: unknown }).timeout === 'function';
}
