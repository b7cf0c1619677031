import {
  MemoryEngine,
  type SessionData,
  type SessionEngine,
  SessionManager,
  type SessionManagerOptions,
} from '@sessionkit/core';
import type { Route } from './route';

/** Django's delete header with the default settings. */
export const DELETE_COOKIE =
  'sessionid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax';

export function managerFor(options: Partial<SessionManagerOptions> = {}, engine: SessionEngine = new MemoryEngine()) {
  return new SessionManager<SessionData>({ engine, ...options });
}

/** A stored session with `data`, made through the public API; returns its key. */
export async function seed(manager: SessionManager<SessionData>, data: SessionData): Promise<string> {
  const session = manager.open(undefined);
  await session.update(data);
  await session.save();
  return session.key as string;
}

/** Django's `get_response_touching_session`. */
export const touching: Route = async (session) => {
  await session.set('hello', 'world');
  return { chunks: ['Session test'] };
};
