import { MemoryEngine, Session, parseIsoInstant, toDjangoIsoformat } from '@sessionkit/core';
import { manualClock } from '../support/recording-engine';

describe('expiry, as Django computes it', () => {
  it('writes absolute expiry as Django isoformat and reads it back', async () => {
    const clock = manualClock();
    const session = new Session(new MemoryEngine({ clock }), null, { clock });
    const at = new Date(clock.now() + 10_000);
    await session.setExpiry(at);
    expect(await session.get('_session_expiry')).toBe(toDjangoIsoformat(at));
    expect(toDjangoIsoformat(at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect((await session.getExpiryDate()).getTime()).toBe(at.getTime());
    expect(await session.getExpiryAge()).toBe(10);
  });

  it('floors the age like delta.days*86400 + delta.seconds', async () => {
    const session = new Session(new MemoryEngine(), null);
    const m = new Date(Date.UTC(2026, 0, 1));
    expect(await session.getExpiryAge({ modification: m, expiry: new Date(m.getTime() + 10_999) })).toBe(10);
    expect(await session.getExpiryAge({ modification: m, expiry: new Date(m.getTime() - 10_500) })).toBe(-11);
  });

  it('does not read the session when expiry is given, even as null', async () => {
    const session = new Session(new MemoryEngine(), 'abcdefgh12345678');
    expect(await session.getExpiryAge({ expiry: null })).toBe(1_209_600);
    expect(session.accessed).toBe(false);
  });

  it('parses the ISO forms Python writes', () => {
    expect(parseIsoInstant('2026-11-28T13:03:54.235680+00:00')?.toISOString()).toBe('2026-11-28T13:03:54.235Z');
    expect(parseIsoInstant('2026-11-28T14:03:54+01:00')?.toISOString()).toBe('2026-11-28T13:03:54.000Z');
    expect(parseIsoInstant('2026-11-28 13:03:54')?.toISOString()).toBe('2026-11-28T13:03:54.000Z');
    expect(parseIsoInstant('2026-11-28T13:03:54Z')?.toISOString()).toBe('2026-11-28T13:03:54.000Z');
    expect(parseIsoInstant('yesterday')).toBeNull();
  });

  it('setExpiry(null) on a session without custom expiry leaves it unmodified', async () => {
    const session = new Session(new MemoryEngine(), null);
    await session.setExpiry(null);
    expect(session.modified).toBe(false);
    expect(session.accessed).toBe(true);
  });

  it('rejects fractional seconds', async () => {
    const session = new Session(new MemoryEngine(), null);
    await expect(session.setExpiry(1.5)).rejects.toBeInstanceOf(TypeError);
  });

  it('the record expiry follows sliding seconds from the save instant', async () => {
    const clock = manualClock();
    const engine = new MemoryEngine({ clock });
    const session = new Session(engine, null, { clock });
    await session.setExpiry(60);
    await session.save();
    clock.advance(59_999);
    expect(await engine.load(session.key as string)).not.toBeNull();
    clock.advance(1);
    expect(await engine.load(session.key as string)).toBeNull();
  });
});
