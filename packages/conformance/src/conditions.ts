import type { CaseEnvironment } from './case.js';
import type { Inspector } from './options.js';

type Condition = (environment: CaseEnvironment) => boolean;

/** The key names a record on the server (not a cookie carrying the data). */
export const stored: Condition = ({ capabilities }) => capabilities.storage === 'stored';
/** `exists` answers truthfully. */
export const answersExists: Condition = ({ capabilities }) => capabilities.exists;
/** A stored engine whose `delete` really ends the session. */
export const revocableStore: Condition = (env) => stored(env) && env.capabilities.revocable;
/** Expiry decided by the injected clock: fake-clock cases apply. */
export const injectedClock: Condition = ({ capabilities }) => capabilities.usesInjectedClock;
/** Expiry decided by the server's own TTL: the real-delay cases apply. */
export const nativeTtl: Condition = ({ capabilities }) => !capabilities.usesInjectedClock;
export const clearsExpired: Condition = ({ capabilities }) => capabilities.clearExpired === 'supported';
export const clearingUnnecessary: Condition = ({ capabilities }) => capabilities.clearExpired === 'unnecessary';

export function hasHook(hook: keyof Inspector): Condition {
  return ({ hooks }) => hooks.has(hook);
}

export function allOf(...conditions: Condition[]): Condition {
  return (environment) => conditions.every((condition) => condition(environment));
}
/** The engine stores version tokens and honours `expectedVersion` (contract v2). */
export const optimistic: Condition = ({ capabilities }) => capabilities.optimisticConcurrency === true;
