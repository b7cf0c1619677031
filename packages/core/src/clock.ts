/** The application clock. Engines compare expiry against it, never against a server's NOW(). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
