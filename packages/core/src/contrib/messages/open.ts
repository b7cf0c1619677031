import { type CookieHeader, readSessionCookie } from '../../http/read-cookie.js';
import type { DataShape, Session } from '../../session/session.js';
import type { Messages } from './messages.js';
import type { RequestMessages } from './request-messages.js';

/**
 * The request's messages from its Cookie header and session: the same cookie-opening step as the
 * session's (`openFromCookieHeader`), so a framework folder only says where its headers are and
 * whether the request came over HTTPS.
 */
export function openMessages<D extends DataShape<D>>(
  messages: Messages,
  cookieHeader: CookieHeader,
  session: Session<D> | undefined,
  secure: boolean,
): RequestMessages {
  return messages.open({ cookie: readSessionCookie(cookieHeader, messages.cookie.name), session, secure });
}
