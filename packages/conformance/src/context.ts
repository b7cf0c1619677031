import {
  type EngineCapabilities,
  generateSessionKey,
  Session,
  type SessionData,
  type SessionEngine,
  type SessionOptions,
  type SessionRecord,
} from '@sessionkit/core';
import type { BoundHooks, CaseContext } from './case.js';
import type { ManualClock } from './manual-clock.js';
import type { Inspector } from './options.js';

/** Django's SESSION_COOKIE_AGE default (two weeks), given to every suite session explicitly. */
export const SUITE_COOKIE_AGE = 1_209_600;
const ONE_HOUR_MS = 3_600_000;

export function createCaseContext<E extends SessionEngine>(
  engine: E,
  clock: ManualClock,
  capabilities: EngineCapabilities,
  inspect: Inspector<E>,
): CaseContext {
  const record = (data: SessionData = {}, ttlMs = ONE_HOUR_MS): SessionRecord => ({
    data,
    expiresAt: new Date(clock.now() + ttlMs),
  });
  return {
    engine,
    clock,
    capabilities,
    hooks: bindHooks(engine, inspect),
    freshKey: generateSessionKey,
    session(key = null, options = {}) {
      const { engine: other, ...sessionOptions } = options;
      const settings: SessionOptions = { clock, cookieAge: SUITE_COOKIE_AGE, ...sessionOptions };
      return new Session(other ?? engine, key, settings);
    },
    record,
    seed: (data, ttlMs) => engine.create(generateSessionKey(), record(data, ttlMs)),
  };
}

function bindHooks<E extends SessionEngine>(engine: E, inspect: Inspector<E>): BoundHooks {
  const { rawKeys, rawExpiry, breakStore, corruptRecord, encodedBytes } = inspect;
  const hooks: BoundHooks = {};
  if (rawKeys) hooks.rawKeys = async () => rawKeys.call(inspect, engine);
  if (rawExpiry) hooks.rawExpiry = async (key) => rawExpiry.call(inspect, engine, key);
  if (breakStore) hooks.breakStore = async () => breakStore.call(inspect, engine);
  if (corruptRecord) hooks.corruptRecord = async (key, damage) => corruptRecord.call(inspect, engine, key, damage);
  if (encodedBytes) hooks.encodedBytes = async (data) => encodedBytes.call(inspect, engine, data);
  return hooks;
}
