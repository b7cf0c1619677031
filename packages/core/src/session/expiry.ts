/** `_session_expiry` as Django stores it: seconds (0 = browser close) or an ISO instant. */
export type StoredExpiry = number | string;

export const EXPIRY_KEY = '_session_expiry';

/** Django's SESSION_COOKIE_AGE default: two weeks, in seconds. The one place this number is written. */
export const DEFAULT_COOKIE_AGE = 1_209_600;

/** Django's `datetime.isoformat()` for an aware UTC instant: microseconds and `+00:00`. */
export function toDjangoIsoformat(date: Date): string {
  const iso = date.toISOString(); // 2026-11-28T13:03:54.235Z
  return `${iso.slice(0, 23)}000+00:00`;
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses the ISO forms Python's `fromisoformat` writes. A naive value is read as UTC. */
export function parseIsoInstant(text: string): Date | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = match;
  const ms = Number(frac.padEnd(6, '0').slice(0, 3));
  let utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    utc -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isNaN(utc) ? null : new Date(utc);
}

/** What `_session_expiry` holds, resolved to an instant (a string) or seconds (a number). */
export function resolveStoredExpiry(value: unknown): Date | number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') return parseIsoInstant(value);
  return null;
}

/** Seconds from `modification` to `expiry`, floored as Django's `delta.days*86400 + delta.seconds`. */
export function secondsUntil(expiry: Date, modification: Date): number {
  return Math.floor((expiry.getTime() - modification.getTime()) / 1000);
}
