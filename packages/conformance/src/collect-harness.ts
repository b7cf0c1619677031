import type { CaseBody, Harness } from './harness.js';

export interface CollectedCase {
  /** The describe blocks around the case, outermost first. */
  readonly path: readonly string[];
  readonly name: string;
  readonly body: CaseBody;
}

export interface CaseResult {
  readonly path: readonly string[];
  readonly name: string;
  readonly passed: boolean;
  /** What the case threw, when it failed. */
  readonly error?: unknown;
}

/** A harness that only records cases, then runs them one by one on request. */
export interface CollectingHarness extends Harness {
  readonly cases: readonly CollectedCase[];
  /** Runs every recorded case in order; a failure is recorded, never thrown. */
  run(): Promise<CaseResult[]>;
}

/**
 * An in-process runner: for checking the suite itself, or an engine from a script,
 * without a test framework (and without a failing case failing the outer test run).
 */
export function collectHarness(): CollectingHarness {
  const cases: CollectedCase[] = [];
  const path: string[] = [];
  return {
    cases,
    describe(name, body) {
      path.push(name);
      try {
        body();
      } finally {
        path.pop();
      }
    },
    it(name, body) {
      cases.push({ path: [...path], name, body });
    },
    async run() {
      const results: CaseResult[] = [];
      for (const { path: where, name, body } of cases) {
        try {
          await body();
          results.push({ path: where, name, passed: true });
        } catch (error) {
          results.push({ path: where, name, passed: false, error });
        }
      }
      return results;
    },
  };
}
