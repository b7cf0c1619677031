import { ConfigError, MemoryEngine } from '@sessionkit/core';

const HOUR = 3_600_000;
const record = (n: number, expiresAt = new Date(Date.now() + HOUR)) => ({ data: { n }, expiresAt });
const key = (i: number) => `boundkey${String(i).padStart(24, '0')}`;

describe('MemoryEngine bounds', () => {
  it('keeps at most maxSessions records: 1,000 creates with maxSessions 100 leave 100', async () => {
    const engine = new MemoryEngine({ maxSessions: 100, sweepIntervalMs: 0 });
    for (let i = 0; i < 1000; i++) await engine.create(key(i), record(i));
    expect(engine.size).toBe(100);
    expect(await engine.load(key(899))).toBeNull();
    expect((await engine.load(key(999)))?.data).toEqual({ n: 999 });
  });

  it('evicts the least recently used: a session loaded (or updated, or touched) since survives', async () => {
    const engine = new MemoryEngine({ maxSessions: 3, sweepIntervalMs: 0 });
    for (let i = 0; i < 3; i++) await engine.create(key(i), record(i));
    await engine.load(key(0)); // 1 is now the least recently used
    await engine.create(key(3), record(3));
    expect(await engine.exists(key(1))).toBe(false);
    expect(await engine.exists(key(0))).toBe(true);
    await engine.update(key(2), record(22));
    await engine.touch(key(0), new Date(Date.now() + HOUR));
    await engine.create(key(4), record(4)); // 3 was the least recently used
    expect(await engine.exists(key(3))).toBe(false);
    expect(engine.size).toBe(3);
  });

  it('sweeps expired records on its timer, and close() stops the timer', async () => {
    let now = Date.now();
    const clock = { now: () => now };
    const engine = new MemoryEngine({ clock, sweepIntervalMs: 20 });
    await engine.create(key(1), record(1, new Date(now + 1000)));
    await engine.create(key(2), record(2, new Date(now + HOUR)));
    now += 2000;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(engine.size).toBe(1);
    await engine.close();
    const closed = new MemoryEngine({ clock, sweepIntervalMs: 20 });
    await closed.create(key(3), record(3, new Date(now + 1000)));
    await closed.close();
    now += 2000;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(closed.size).toBe(1);
  });

  it.each([
    ['maxSessions 0', { maxSessions: 0 }],
    ['maxSessions 1.5', { maxSessions: 1.5 }],
    ['sweepIntervalMs -1', { sweepIntervalMs: -1 }],
  ])('refuses %s with ConfigError', (_, options) => {
    expect(() => new MemoryEngine(options)).toThrow(ConfigError);
  });
});
