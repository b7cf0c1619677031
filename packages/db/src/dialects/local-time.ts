import { ConfigError } from '@sessionkit/core';
import type { Dialect } from './types.js';

/**
 * Django with `USE_TZ = False` (its default before 5.0) writes `expire_date` as naive wall-clock
 * time in `TIME_ZONE`, not UTC. This wraps a naive-UTC dialect (SQLite, MySQL/MariaDB) to write
 * and read wall-clock time in `timeZone` instead; instants are converted with Intl, DST included.
 * In the hour a DST change repeats, a wall time is read as its first (earlier) instant, as
 * Django itself cannot tell them apart either.
 */
export function naiveLocalTimeDialect(base: Dialect, timeZone: string): Dialect {
  if (base.name === 'postgres') {
    throw new ConfigError(
      'djangoTimeZone applies to SQLite and MySQL/MariaDB: on PostgreSQL Django stores timestamptz, an absolute instant, whatever USE_TZ says',
    );
  }
  const wallClock = wallClockOf(timeZone);
  const encode = (ms: number): string => wallClock(ms);
  return {
    ...base,
    encodeExpiry: (instant) => encode(instant.getTime()),
    expiryParam: encode,
    decodeExpiry(value) {
      const asUtc = base.decodeExpiry(value); // the wall time read as if it were UTC
      return asUtc === null ? null : new Date(instantOfWallTime(asUtc.getTime(), wallClock));
    },
  };
}

/** 'YYYY-MM-DD HH:MM:SS.ffffff' wall-clock text in `timeZone` for an instant (epoch ms). */
function wallClockOf(timeZone: string): (ms: number) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw new ConfigError(`djangoTimeZone ${JSON.stringify(timeZone)} is not an IANA time zone (e.g. 'America/New_York')`);
  }
  return (ms) => {
    const parts: Record<string, string> = {};
    for (const { type, value } of format.formatToParts(new Date(ms))) parts[type] = value;
    const millis = String(((ms % 1000) + 1000) % 1000).padStart(3, '0');
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}.${millis}000`;
  };
}

const DAY_MS = 86_400_000;

/**
 * The instant whose wall-clock time in the zone is `wallAsUtc` (that wall time read as UTC):
 * of the offsets a day either side (both sides of any DST change), the earliest that fits.
 * A wall time DST skipped is read with the earlier offset.
 */
function instantOfWallTime(wallAsUtc: number, wallClock: (ms: number) => string): number {
  const offsetAt = (instant: number): number =>
    Date.parse(`${wallClock(instant).slice(0, 23).replace(' ', 'T')}Z`) - instant;
  const before = offsetAt(wallAsUtc - DAY_MS);
  const candidates = [wallAsUtc - before, wallAsUtc - offsetAt(wallAsUtc + DAY_MS)].sort((a, b) => a - b);
  for (const candidate of candidates) if (offsetAt(candidate) === wallAsUtc - candidate) return candidate;
  return wallAsUtc - before;
}
