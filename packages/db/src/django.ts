import { EXPIRY_KEY, type SessionData } from '@sessionkit/core/engine';

/**
 * How the Django preset writes an absolute `_session_expiry` (core keeps it as an ISO string):
 * - 'seconds': as the whole seconds left. Every Django version reads an int, Django 3.2 included,
 *   whose `get_expiry_age()`/`get_expiry_date()` break on a string. The expiry turns sliding
 *   from then on (each save moves it by that many seconds), in Django and in sessionkit alike.
 * - 'iso': unchanged, absolute. Only for Django versions whose `SessionBase` parses the string.
 */
export type DjangoExpiryFormat = 'seconds' | 'iso';

/** The data as the preset stores it for Django to read. Never mutates `data`. */
export function toDjangoData(data: SessionData, expiresAt: Date, now: number, format: DjangoExpiryFormat): SessionData {
  const stored = data[EXPIRY_KEY];
  if (format === 'iso' || typeof stored !== 'string') return data;
  // Rounded up, so a live session never becomes 0, which Django reads as "browser close".
  const secondsLeft = Math.ceil((expiresAt.getTime() - now) / 1000);
  return { ...data, [EXPIRY_KEY]: secondsLeft > 0 ? secondsLeft : -1 };
}
