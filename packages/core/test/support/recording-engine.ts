import type { SessionEngine } from '@sessionkit/core';

export interface Recording {
  engine: SessionEngine;
  calls: string[];
}

/** Wraps a real engine and records every method call by name. */
export function recordCalls(inner: SessionEngine): Recording {
  const calls: string[] = [];
  const engine = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { engine, calls };
}

/** A manual clock for expiry arithmetic. */
export function manualClock(startMs = Date.UTC(2026, 10, 28, 12, 0, 0)) {
  let now = startMs;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
