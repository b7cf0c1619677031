import {
  EXPIRY_KEY,
  parseIsoInstant,
  type SessionData,
  type SessionRecord,
  SerializationError,
} from '@sessionkit/core';
import { CookieRejected } from './rejection.js';

/**
 * Reserved key carrying the record's absolute `expiresAt` (epoch ms) inside the signed
 * dict. Django ignores it (its own check is the signature age only, ticket #19201);
 * sessionkit enforces it, which makes `setExpiry` hold server-side.
 */
export const EXPIRES_AT_KEY = '_session_expires_at';

/**
 * The JSON of a record as bytes: its data plus the embedded expiry, which always wins. The data's
 * text and the expiry entry are written into one buffer, never joined into a string first.
 */
export function recordJson(
  record: SessionRecord,
  stringify: (data: SessionData, tinyNumbers: boolean) => string,
  encoding: 'latin1' | 'utf8',
  tinyNumbers = true,
): Buffer {
  const expiresAt = record.expiresAt instanceof Date ? record.expiresAt.getTime() : Number.NaN;
  if (!Number.isSafeInteger(expiresAt)) throw new SerializationError('record.expiresAt must be a valid Date');
  let data = record.data;
  if (Object.hasOwn(data, EXPIRES_AT_KEY)) {
    data = { ...data };
    delete data[EXPIRES_AT_KEY];
  }
  // Appending to the serialized text avoids copying the data just to add one key.
  const text = stringify(data, tinyNumbers);
  const entry = text === '{}' ? expiryEntry(expiresAt).slice(1) : expiryEntry(expiresAt);
  // The text without its closing brace (one byte in either encoding), then the entry (ASCII).
  const head = (encoding === 'latin1' ? text.length : Buffer.byteLength(text, 'utf8')) - 1;
  const bytes = Buffer.allocUnsafe(head + entry.length);
  bytes.write(text, 0, head, encoding);
  bytes.write(entry, head, 'latin1');
  return bytes;
}

let lastExpiresAt = Number.NaN;
let lastEntry = '';

/**
 * `,"_session_expires_at":<ms>}`. Saves in the same millisecond (and the expiries that sessions
 * of the same age share) reuse the text instead of spelling the number again.
 */
function expiryEntry(expiresAt: number): string {
  if (expiresAt !== lastExpiresAt) {
    lastEntry = `,"${EXPIRES_AT_KEY}":${expiresAt}}`;
    lastExpiresAt = expiresAt;
  }
  return lastEntry;
}

/**
 * Takes the embedded expiry out of a verified dict and returns it. A value Django issued
 * has none; its expiry is then what Django's get_expiry_date gave at signing time.
 */
export function takeExpiresAt(data: SessionData, issuedAt: number, maxAge: number): Date {
  if (Object.hasOwn(data, EXPIRES_AT_KEY)) {
    const embedded = data[EXPIRES_AT_KEY];
    delete data[EXPIRES_AT_KEY];
    if (typeof embedded !== 'number' || !Number.isSafeInteger(embedded)) throw new CookieRejected('undecodable');
    return new Date(embedded);
  }
  const stored = data[EXPIRY_KEY];
  if (typeof stored === 'string') {
    const instant = parseIsoInstant(stored);
    if (instant !== null) return instant;
  }
  const seconds = typeof stored === 'number' && stored > 0 ? stored : maxAge;
  // Django's rule is `age > max_age`: a cookie exactly `seconds` old is still live. A record
  // is live while `expiresAt > now`, so the exclusive bound is one millisecond later.
  return new Date((issuedAt + seconds) * 1000 + 1);
}
