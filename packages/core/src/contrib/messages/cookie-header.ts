import { serialize } from 'cookie';
import type { SameSite } from '../../http/settings.js';
import type { CookieChange } from './cookie-storage.js';

/** Attributes of the messages cookie; Django takes them from the SESSION_COOKIE_* settings. */
export interface MessagesCookieSettings {
  name: string;
  path: string;
  domain: string | undefined;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
}

export const DEFAULT_MESSAGES_COOKIE: Readonly<MessagesCookieSettings> = Object.freeze({
  name: 'messages',
  path: '/',
  domain: undefined,
  secure: false,
  httpOnly: true,
  sameSite: 'Lax' as SameSite,
});

const EPOCH = new Date(0);
const raw = (value: string): string => value;

/** The Set-Cookie header for a change: a browser-session cookie (no Max-Age, as Django), or a deletion. */
export function messagesSetCookie(cookie: MessagesCookieSettings, change: CookieChange): string | null {
  if (change === null) return null;
  const attributes = {
    path: cookie.path,
    domain: cookie.domain,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite === false ? undefined : (cookie.sameSite.toLowerCase() as 'lax' | 'strict' | 'none'),
    encode: raw,
  };
  if ('delete' in change) return serialize(cookie.name, '', { ...attributes, maxAge: 0, expires: EPOCH });
  return serialize(cookie.name, change.value, attributes);
}
