import type { SessionData } from '../engine/types.js';
import type { DataShape } from '../session/session.js';
import { SessionManager, type SessionManagerOptions } from './manager.js';

/** What every adapter accepts: a ready manager (shared between adapters) or the options to build one. */
export type SessionSource<D extends DataShape<D> = SessionData> = SessionManager<D> | SessionManagerOptions;

/** The manager for `source`. Duck-typed, so a manager from another copy of core still counts. */
export function toManager<D extends DataShape<D>>(source: SessionSource<D>): SessionManager<D> {
  if (isManager<D>(source)) return source;
  return new SessionManager<D>(source);
}

function isManager<D extends DataShape<D>>(source: SessionSource<D>): source is SessionManager<D> {
  const candidate = source as Partial<SessionManager<D>>;
  return typeof candidate.open === 'function' && typeof candidate.commit === 'function' && 'settings' in candidate;
}
