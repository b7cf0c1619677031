import { cookieAttributes, deleteCookieLine, setCookieLine } from '../../http/set-cookie.js';
import type { CookieSettings, SameSite } from '../../http/settings.js';
import type { CookieChange } from './cookie-storage.js';

/**
 * Attributes of the messages cookie: the session cookie's settings (Django takes them from
 * SESSION_COOKIE_*), with its own name.
 */
export type MessagesCookieSettings = Pick<
  CookieSettings,
  'name' | 'path' | 'domain' | 'httpOnly' | 'sameSite' | 'secure'
>;

export const DEFAULT_MESSAGES_COOKIE: Readonly<MessagesCookieSettings> = Object.freeze({
  name: 'messages',
  path: '/',
  domain: undefined,
  secure: false,
  httpOnly: true,
  sameSite: 'Lax' as SameSite,
});

/**
 * The Set-Cookie header for a change: a browser-session cookie (no Max-Age, as Django), or a
 * deletion. `secureRequest` (the request came over HTTPS) decides Secure under `secure: 'auto'`.
 */
export function messagesSetCookie(
  cookie: MessagesCookieSettings,
  change: CookieChange,
  secureRequest: boolean,
): string | null {
  if (change === null) return null;
  const attributes = cookieAttributes(cookie);
  if (cookie.secure === 'auto') attributes.secure = secureRequest;
  if ('delete' in change) return deleteCookieLine(cookie.name, attributes);
  return setCookieLine(cookie.name, change.value, attributes);
}
