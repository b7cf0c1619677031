import { systemClock } from '../../src/clock.js';
import { SessionConfig } from '../../src/session/session-config.js';

describe('SessionConfig', () => {
  it('fills in the defaults', () => {
    const config = new SessionConfig({});
    expect([config.cookieAge, config.expireAtBrowserClose, config.clock, config.maxCreateAttempts]).toEqual([
      1_209_600,
      false,
      systemClock,
      10,
    ]);
    expect([config.concurrency, config.optimistic, config.absoluteTimeout]).toEqual([
      'last-write-wins',
      false,
      undefined,
    ]);
  });

  it('is returned as it is by `of`, and other options are resolved', () => {
    const config = new SessionConfig({ concurrency: 'optimistic' });
    expect(SessionConfig.of(config)).toBe(config);
    expect(SessionConfig.of({ cookieAge: 5 })).toBeInstanceOf(SessionConfig);
  });

  it('read as plain options (a copy of it from another build of core) resolves to the same settings', () => {
    const generateKey = (): string => 'k';
    const config = new SessionConfig({
      cookieAge: 5,
      expireAtBrowserClose: true,
      generateKey,
      maxCreateAttempts: 2,
      concurrency: 'optimistic',
      absoluteTimeout: 60,
    });
    const again = SessionConfig.of({ ...config });
    expect(again).not.toBe(config);
    expect({ ...again }).toEqual({ ...config });
    expect(again.optimistic).toBe(true);
    expect(again.generateKey).toBe(generateKey);
  });
});
