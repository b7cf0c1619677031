import type { SessionEngine } from '@sessionkit/core';

type EngineMethod = 'load' | 'create' | 'update' | 'touch' | 'delete' | 'exists' | 'clearExpired';

/** An engine view that counts calls per method; everything else passes through unchanged. */
export interface CountingEngine {
  readonly engine: SessionEngine;
  readonly calls: Record<EngineMethod, number>;
}

const COUNTED: ReadonlySet<string> = new Set<EngineMethod>([
  'load',
  'create',
  'update',
  'touch',
  'delete',
  'exists',
  'clearExpired',
]);

export function countingEngine(target: SessionEngine): CountingEngine {
  const calls: Record<EngineMethod, number> = {
    load: 0,
    create: 0,
    update: 0,
    touch: 0,
    delete: 0,
    exists: 0,
    clearExpired: 0,
  };
  const engine = new Proxy(target, {
    get(object, property) {
      // Bound to the real engine, so engines with #private fields keep working.
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof property === 'string' && COUNTED.has(property)) {
        return (...args: unknown[]) => {
          calls[property as EngineMethod] += 1;
          return method.apply(object, args);
        };
      }
      return method.bind(object);
    },
  });
  return { engine, calls };
}
