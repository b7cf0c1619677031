import type { Session, SessionData, SessionManager } from '@sessionkit/core';

/** One request through the manager: open with the cookie, run the handler, commit; the next cookie. */
export async function visit(
  manager: SessionManager,
  cookie: string | undefined,
  handler: (session: Session<SessionData>) => Promise<void> = async () => {},
): Promise<string | undefined> {
  const session = manager.open(cookie);
  await handler(session);
  const result = await manager.commit(session, 200);
  if (result.action === 'set') return session.key ?? undefined;
  if (result.action === 'delete') return undefined;
  return cookie;
}

export const SECRET = 'django-insecure-0123456789abcdefghijklmnopqrstuvwxyz-secret';
export const OLD_SECRET = 'an-older-secret-0123456789abcdefghijklmnopqrstuvwxyz';
