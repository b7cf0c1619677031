import { SessionManager, type SessionManagerOptions } from '@sessionkit/core';
import type { CaseContext } from '../case.js';
import { SUITE_COOKIE_AGE } from '../context.js';
import { countingEngine } from '../spy.js';

/** A SessionManager over the case's engine (counted) and clock, with the suite's cookie age. */
export function countedManager(context: CaseContext, options: Partial<SessionManagerOptions> = {}) {
  const counted = countingEngine(context.engine);
  const manager = new SessionManager({
    engine: counted.engine,
    clock: context.clock,
    cookie: { age: SUITE_COOKIE_AGE },
    ...options,
  });
  return { manager, calls: counted.calls };
}

/** One request that writes `data` into a new session; resolves to its key. */
export async function createdThrough(manager: SessionManager, data: Record<string, number>): Promise<string> {
  const session = manager.open(undefined);
  await session.update(data);
  await manager.commit(session, 200);
  if (session.key === null) throw new Error('the manager created no session');
  return session.key;
}

/** One request that only reads the session; resolves to the commit's cookie action. */
export async function readOnlyRequest(manager: SessionManager, key: string): Promise<string> {
  const session = manager.open(key);
  await session.get('n');
  return (await manager.commit(session, 200)).action;
}
