/**
 * Login, logout and password change through `@sessionkit/core/auth`, with the session key
 * (shortened) read before and after, so that the demo shows Django's rules at work.
 */
import type { Session } from '@sessionkit/core';
import { type Auth, createAuth } from '@sessionkit/core/auth';
import type { DemoData } from './data';
import type { DemoUser, UserTable } from './users';

type DemoSession = Session<DemoData>;

export function createDemoAuth(secret: string, users: UserTable): Auth<DemoUser> {
  return createAuth<DemoUser>({ secret, loadUser: (id) => users.byId(id) });
}

/** A key shortened for display; the full key is a credential and never shown. */
export function shortKey(key: string | null): string {
  return key === null ? '(none)' : `${key.slice(0, 8)}…`;
}

/** With the signed-cookie engine the "key" is the data itself, signed: nothing to cycle or delete. */
export function cookieHoldsData(session: DemoSession): boolean {
  return session.engine.capabilities.storage === 'cookie';
}

export interface KeyChange {
  before: string;
  after: string;
}

/**
 * Django's login: an anonymous session moves to a fresh key (its cart with it), a session of
 * another user is flushed, and the CSRF secret is rotated.
 */
export async function logIn(auth: Auth<DemoUser>, session: DemoSession, user: DemoUser): Promise<KeyChange> {
  const before = shortKey(session.key);
  await auth.login(session, user);
  // After a flush the new key exists only once saved; save now so that the flash can name it.
  if (session.key === null) await session.save();
  return { before, after: shortKey(session.key) };
}

/** Django's logout: flush, so the record is deleted and the cookie dropped. */
export async function logOut(auth: Auth<DemoUser>, session: DemoSession): Promise<{ before: string }> {
  const before = shortKey(session.key);
  await auth.logout(session);
  return { before };
}

/**
 * A new password, then Django's update_session_auth_hash: this session moves to a new key and
 * stays logged in; every other session of the user fails the hash check on its next request.
 */
export async function changePassword(
  auth: Auth<DemoUser>,
  users: UserTable,
  session: DemoSession,
  user: DemoUser,
  password: string,
): Promise<KeyChange> {
  const before = shortKey(session.key);
  await users.setPassword(user, password);
  await auth.updateSessionAuthHash(session, user);
  return { before, after: shortKey(session.key) };
}
