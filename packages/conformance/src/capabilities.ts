import { type EngineCapabilities, storedEngineCapabilities } from '@sessionkit/core/engine';

/** What the suite assumes when an engine passes no `capabilities`: a stored engine with the defaults. */
export const STORED_ENGINE_DEFAULTS: EngineCapabilities = storedEngineCapabilities();

export function resolveCapabilities(overrides: Partial<EngineCapabilities> = {}): EngineCapabilities {
  return { ...STORED_ENGINE_DEFAULTS, ...overrides };
}

/** The fields where what an engine declares differs from what the suite was told. */
export function capabilityMismatches(declared: EngineCapabilities, expected: EngineCapabilities): string[] {
  const fields = [...Object.keys(STORED_ENGINE_DEFAULTS), ...OPTIONAL_FLAGS] as (keyof EngineCapabilities)[];
  return fields
    .filter((field) => !sameValue(flag(declared, field), flag(expected, field)))
    .map(
      (field) =>
        `${field}: declared ${show(flag(declared, field))}, suite registered with ${show(flag(expected, field))}`,
    );
}

/** Optional capabilities whose absence means false (contract v2). */
const OPTIONAL_FLAGS = ['optimisticConcurrency'] as const;

function flag(capabilities: EngineCapabilities, field: keyof EngineCapabilities): unknown {
  const value = capabilities[field];
  return value === undefined && (OPTIONAL_FLAGS as readonly string[]).includes(field) ? false : value;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof RegExp && b instanceof RegExp) return a.source === b.source && a.flags === b.flags;
  return Object.is(a, b);
}

function show(value: unknown): string {
  return value instanceof RegExp ? String(value) : JSON.stringify(value);
}
