import { ConfigError } from '@sessionkit/core';
import { mysqlDialect, postgresDialect, sqliteDialect } from '../src/dialects/index';
import { naiveLocalTimeDialect } from '../src/dialects/local-time';

describe('naive local time (Django USE_TZ = False)', () => {
  const ny = naiveLocalTimeDialect(sqliteDialect, 'America/New_York');

  it.each([
    ['winter (UTC-5)', '2026-01-15T12:00:00.123Z', '2026-01-15 07:00:00.123000'],
    ['summer (UTC-4)', '2026-07-15T12:00:00.000Z', '2026-07-15 08:00:00.000000'],
    ['first 01:30 of the repeated hour', '2026-11-01T05:30:00.000Z', '2026-11-01 01:30:00.000000'],
  ])('%s: writes the wall clock and reads the instant back', (_, iso, wall) => {
    expect(ny.encodeExpiry(new Date(iso))).toBe(wall);
    expect(ny.decodeExpiry(wall)?.toISOString()).toBe(iso);
  });

  it('the second 01:30 of the repeated hour reads as the first (Django cannot tell them apart either)', () => {
    expect(ny.encodeExpiry(new Date('2026-11-01T06:30:00.000Z'))).toBe('2026-11-01 01:30:00.000000');
    expect(ny.decodeExpiry('2026-11-01 01:30:00.000000')?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('a wall time DST skipped reads with the earlier offset', () => {
    expect(ny.decodeExpiry('2026-03-08 02:30:00.000000')?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('works on MySQL/MariaDB, is refused on PostgreSQL', () => {
    expect(naiveLocalTimeDialect(mysqlDialect, 'Europe/Paris').expiryParam(Date.UTC(2026, 0, 1))).toBe(
      '2026-01-01 01:00:00.000000',
    );
    expect(() => naiveLocalTimeDialect(postgresDialect, 'Europe/Paris')).toThrow(ConfigError);
  });
});
