import type { EngineCapabilities, SessionEngine } from '@sessionkit/core';
import { applies, SLOW_CASE_FACTOR, type CaseEnvironment, type CaseGroup, type ConformanceCase } from './case.js';
import { resolveCapabilities } from './capabilities.js';
import type { CaseSelection, ConformanceOptions, EngineFactory, Inspector } from './options.js';
import { runCase } from './run-case.js';
import { ALL_GROUPS } from './suite.js';

const DEFAULT_TIMEOUT_MS = 10_000;
/** The runner's own timeout sits past the suite's, so the suite's clearer message wins. */
const RUNNER_GRACE_MS = 2_000;

/** Registers `groups` under `describe(name)`, synchronously, choosing cases by capabilities. */
export function registerGroups<E extends SessionEngine>(
  name: string,
  groups: readonly CaseGroup[],
  factory: EngineFactory<E>,
  options: ConformanceOptions<E>,
): void {
  const { harness, inspect = {}, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const capabilities = resolveCapabilities(options.capabilities);
  const selected = selectCases(groups, capabilities, options);
  harness.describe(name, () => {
    for (const { group, cases } of selected) {
      harness.describe(group.name, () => {
        for (const testCase of cases) {
          const deadline = testCase.slow ? timeoutMs * SLOW_CASE_FACTOR : timeoutMs;
          const body = () => runCase(testCase, factory, capabilities, inspect, deadline);
          harness.it(testCase.name, body, deadline + RUNNER_GRACE_MS);
        }
      });
    }
  });
}

/** The cases that apply, group by group, in registration order. Empty groups are left out. */
export function selectCases(
  groups: readonly CaseGroup[],
  capabilities: EngineCapabilities,
  selection: CaseSelection,
): { group: CaseGroup; cases: ConformanceCase[] }[] {
  const skip = new Set(selection.skip ?? []);
  assertKnownNames(skip);
  const environment: CaseEnvironment = { capabilities, hooks: hookNames(selection.inspect) };
  return groups
    .filter((group) => !skip.has(group.name))
    .map((group) => ({
      group,
      cases: group.cases.filter((testCase) => !skip.has(testCase.name) && applies(testCase, environment)),
    }))
    .filter(({ cases }) => cases.length > 0);
}

function hookNames(inspect: Inspector | undefined): Set<keyof Inspector> {
  const names: (keyof Inspector)[] = ['rawKeys', 'rawExpiry', 'breakStore', 'corruptRecord', 'encodedBytes'];
  return new Set(names.filter((name) => typeof inspect?.[name] === 'function'));
}

/** A misspelt skip entry would silently skip nothing, so it is an error. */
function assertKnownNames(skip: ReadonlySet<string>): void {
  const known = new Set(ALL_GROUPS.flatMap((group) => [group.name, ...group.cases.map((testCase) => testCase.name)]));
  const unknown = [...skip].filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`skip names no conformance case or group: ${unknown.join(', ')}`);
}
