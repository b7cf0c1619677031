import { resolveStoredExpiry, secondsUntil } from './expiry.js';

/** Settings that decide a session's lifetime when it carries no custom expiry. */
export interface ExpiryDefaults {
  /** Django's SESSION_COOKIE_AGE, in seconds. */
  cookieAge: number;
  /** Django's SESSION_EXPIRE_AT_BROWSER_CLOSE. */
  expireAtBrowserClose: boolean;
}

/** `get_expiry_age`: whole seconds the session has left, as of `modification`. */
export function expiryAge(stored: unknown, modification: Date, defaults: ExpiryDefaults): number {
  const expiry = resolveStoredExpiry(stored);
  if (expiry === null || expiry === 0) return defaults.cookieAge;
  if (typeof expiry === 'number') return expiry;
  return secondsUntil(expiry, modification);
}

/** `get_expiry_date`: the instant the session dies, as of `modification`. */
export function expiryDate(stored: unknown, modification: Date, defaults: ExpiryDefaults): Date {
  const expiry = resolveStoredExpiry(stored);
  if (expiry instanceof Date) return expiry;
  const seconds = expiry || defaults.cookieAge;
  return new Date(modification.getTime() + seconds * 1000);
}

/** `get_expire_at_browser_close`. */
export function expiresAtBrowserClose(stored: unknown, defaults: ExpiryDefaults): boolean {
  if (stored === undefined || stored === null) return defaults.expireAtBrowserClose;
  return stored === 0;
}
