import type { DataShape, Session } from '../session/session.js';
import type { SessionManager } from './manager.js';
import { type CookieHeader, readSessionCookie } from './read-cookie.js';

/**
 * The one cookie-opening step every framework takes: the session named by the request's Cookie
 * header, opened without I/O. A framework folder only says where its Cookie header is.
 */
export function openFromCookieHeader<D extends DataShape<D>>(
  manager: SessionManager<D>,
  cookieHeader: CookieHeader,
  onFirstAccess?: (session: Session<D>) => void,
): Session<D> {
  const cookie = readSessionCookie(cookieHeader, manager.settings.cookie.name);
  return onFirstAccess === undefined ? manager.open(cookie) : manager.open(cookie, onFirstAccess);
}
