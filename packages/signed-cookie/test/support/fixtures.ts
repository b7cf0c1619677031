import type { Clock, Logger, SessionData, SessionEngine, SessionRecord } from '@sessionkit/core';
import { createSignedCookieEngine, type SignedCookieEngineOptions } from '@sessionkit/signed-cookie';

export const SECRET = 'primary-secret-7c1d0f4e9a2b48d6b3e5a1f0c9d8e7b6';
export const OLD_SECRET = 'retired-secret-2e8f6a1c4b9d47e0a3c5f7b1d9e2a4c6';
export const OTHER_SECRET = 'unrelated-secret-5a9c3e1f7b2d46a8c0e4f6b8d1a3c5e7';
/** A whole-second instant, so signature ages are exact in the boundary tests. */
export const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

/** A clock that moves only when told to. */
export class FakeClock implements Clock {
  constructor(private ms: number = T0) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}

export interface LogEntry {
  level: 'debug' | 'warn';
  message: string;
  meta: Record<string, unknown> | undefined;
}

/** A logger that records what it is told, to check both that and what it never says. */
export function spyLogger(): { logger: Logger; entries: LogEntry[]; warnings(): LogEntry[] } {
  const entries: LogEntry[] = [];
  const logger: Logger = {
    debug: (message, meta) => entries.push({ level: 'debug', message, meta }),
    warn: (message, meta) => entries.push({ level: 'warn', message, meta }),
  };
  return { logger, entries, warnings: () => entries.filter((entry) => entry.level === 'warn') };
}

export interface Rig {
  engine: SessionEngine;
  clock: FakeClock;
  log: ReturnType<typeof spyLogger>;
  /** A record living `ttlMs` from the rig's clock. */
  record(data: SessionData, ttlMs?: number): SessionRecord;
  /** Seals `data` and returns the cookie value. */
  seal(data: SessionData, ttlMs?: number): Promise<string>;
}

/** An engine on a fake clock with a spy logger; options override the defaults. */
export function rig(options: Partial<SignedCookieEngineOptions> = {}, clock = new FakeClock()): Rig {
  const log = spyLogger();
  const engine = createSignedCookieEngine({ secret: SECRET, clock, logger: log.logger, ...options });
  const record = (data: SessionData, ttlMs = 3_600_000): SessionRecord => ({
    data,
    expiresAt: new Date(clock.now() + ttlMs),
  });
  return { engine, clock, log, record, seal: (data, ttlMs) => engine.create('ignored', record(data, ttlMs)) };
}
