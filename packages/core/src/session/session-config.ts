import { type Clock, resolveClock } from '../clock.js';
import { generateSessionKey } from '../engine/keys.js';
import { DEFAULT_COOKIE_AGE } from './expiry.js';
import type { ExpiryDefaults } from './expiry-policy.js';

/** How concurrent writes to one session are settled. */
export type ConcurrencyMode = 'last-write-wins' | 'optimistic';

export interface SessionOptions extends Partial<ExpiryDefaults> {
  clock?: Clock;
  /** Key generator; crypto-random 32 × [a-z0-9] by default. Tests inject collisions here. */
  generateKey?: () => string;
  /** How many fresh keys `create` tries before giving up. */
  maxCreateAttempts?: number;
  /** 'optimistic': an update only lands on the version this session loaded (see `SessionManagerOptions`). */
  concurrency?: ConcurrencyMode;
  /** Seconds after creation when the session dies however active (see `SessionManagerOptions`). */
  absoluteTimeout?: number;
}

/**
 * `SessionOptions` with the defaults filled in. A manager resolves its options once and every
 * session of it shares the result: a session then holds one reference, not a copy of each
 * setting and an expiry-defaults object of its own, on every request. A class, not an object
 * literal: V8 may move a literal's allocation site to the old generation once its objects
 * outlive a young-generation GC (see the node adapter's Opened).
 */
export class SessionConfig implements ExpiryDefaults {
  readonly cookieAge: number;
  readonly expireAtBrowserClose: boolean;
  readonly clock: Clock;
  readonly generateKey: () => string;
  readonly maxCreateAttempts: number;
  readonly concurrency: ConcurrencyMode;
  readonly optimistic: boolean;
  readonly absoluteTimeout: number | undefined;

  constructor(options: SessionOptions) {
    this.cookieAge = options.cookieAge ?? DEFAULT_COOKIE_AGE;
    this.expireAtBrowserClose = options.expireAtBrowserClose ?? false;
    this.clock = resolveClock(options.clock);
    this.generateKey = options.generateKey ?? generateSessionKey;
    this.maxCreateAttempts = options.maxCreateAttempts ?? 10;
    // Kept as given too: a config is complete SessionOptions, so one from another copy of this
    // module (`instanceof` fails across the ESM and CJS builds) resolves to the same settings.
    this.concurrency = options.concurrency === 'optimistic' ? 'optimistic' : 'last-write-wins';
    this.optimistic = this.concurrency === 'optimistic';
    this.absoluteTimeout = options.absoluteTimeout;
  }

  /** The options as given when already resolved (a manager's), else resolved now. */
  static of(options: SessionOptions | SessionConfig): SessionConfig {
    return options instanceof SessionConfig ? options : new SessionConfig(options);
  }
}
