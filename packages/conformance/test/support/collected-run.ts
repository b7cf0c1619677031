import type { SessionEngine } from '@sessionkit/core';
import {
  type CaseResult,
  collectHarness,
  type ConformanceOptions,
  type EngineFactory,
  runEngineConformance,
} from '@sessionkit/conformance';

/** Runs the whole suite in-process and returns every case's result; nothing reaches jest as a failure. */
export async function runCollected<E extends SessionEngine>(
  factory: EngineFactory<E>,
  options: Omit<ConformanceOptions<E>, 'harness'> = {},
): Promise<CaseResult[]> {
  const harness = collectHarness();
  runEngineConformance('engine under test', factory, { ...options, harness });
  return harness.run();
}

export function failedNames(results: readonly CaseResult[]): string[] {
  return results.filter((result) => !result.passed).map((result) => result.name);
}
