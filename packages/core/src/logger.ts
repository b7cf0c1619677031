/** Injectable logger. Every method is optional; a missing level is a no-op. */
export interface Logger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  info?(message: string, meta?: Record<string, unknown>): void;
  warn?(message: string, meta?: Record<string, unknown>): void;
  error?(message: string, meta?: Record<string, unknown>): void;
}

/** A logger with every level present. */
export type FullLogger = Required<Logger>;

const noop = (): void => {};

/** Fills the missing levels of a user logger with no-ops; silent when none is given. */
export function resolveLogger(logger?: Logger): FullLogger {
  return {
    debug: logger?.debug?.bind(logger) ?? noop,
    info: logger?.info?.bind(logger) ?? noop,
    warn: logger?.warn?.bind(logger) ?? noop,
    error: logger?.error?.bind(logger) ?? noop,
  };
}

/** The meta key under which security warnings are tagged, as Django's `django.security.*` loggers. */
export const SECURITY_LOGGER = 'sessionkit.security';
