/**
 * Minimal login and flash messages, kept in this one module so that @sessionkit/core/auth
 * and /messages can replace it later without touching the routes.
 */
import type { Session } from '@sessionkit/core';
import type { DemoData, Flash, FlashLevel } from './data';

type DemoSession = Session<DemoData>;

/** A key shortened for display; the full key is a credential and never shown. */
export function shortKey(key: string | null): string {
  return key === null ? '(none)' : `${key.slice(0, 8)}…`;
}

export async function currentUser(session: DemoSession): Promise<string | undefined> {
  return session.get('_auth_user_id');
}

/** Logs in: a fresh key first (against session fixation, as Django's login), then the user id. */
export async function logIn(session: DemoSession, username: string): Promise<{ before: string; after: string }> {
  const before = shortKey(session.key);
  await session.cycleKey();
  const after = shortKey(session.key);
  await session.set('_auth_user_id', username);
  return { before, after };
}

/** Logs out: the record is deleted and the key dropped (Django's flush). */
export async function logOut(session: DemoSession): Promise<{ before: string }> {
  const before = shortKey(session.key);
  await session.flush();
  return { before };
}

export async function flash(session: DemoSession, level: FlashLevel, text: string): Promise<void> {
  const queued = (await session.get('_demo_flash')) ?? [];
  await session.set('_demo_flash', [...queued, { level, text }]);
}

/** The queued messages, removed as they are read: each shows once. */
export async function takeFlashes(session: DemoSession): Promise<Flash[]> {
  if (!(await session.has('_demo_flash'))) return [];
  return session.pop('_demo_flash', []);
}
