import type { SessionEngine } from '../../engine/types.js';

/**
 * Which sessions belong to which user, for "log out everywhere". Beyond Django, which
 * only invalidates other sessions lazily (through the password hash).
 *
 * Meaningful only for stored engines (`capabilities.storage === 'stored'`): a cookie
 * engine's key is the data itself and cannot be revoked from the server.
 */
export interface UserSessionIndex {
  /** The engine that holds the indexed sessions; `logoutEverywhere` deletes through it. */
  readonly engine: SessionEngine;
  /** Records that `sessionKey` is logged in as `userId`. Idempotent. */
  add(userId: string, sessionKey: string): Promise<void>;
  /** Forgets these keys for `userId`. Idempotent. */
  remove(userId: string, sessionKeys: readonly string[]): Promise<void>;
  /** The keys recorded for `userId`; some may have expired or been deleted since. */
  list(userId: string): Promise<string[]>;
}
