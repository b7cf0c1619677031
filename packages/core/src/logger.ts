/** Injectable logger. Every method is optional; a missing level is a no-op. */
export interface Logger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  info?(message: string, meta?: Record<string, unknown>): void;
  warn?(message: string, meta?: Record<string, unknown>): void;
  error?(message: string, meta?: Record<string, unknown>): void;
}

/** A `logger` option: your logger, `false` for silence, or unset for the default stderr logger. */
export type LoggerOption = Logger | false;

/** A logger with every level present. */
export type FullLogger = Required<Logger>;

/** The meta key under which security warnings are tagged, as Django's `django.security.*` loggers. */
export const SECURITY_LOGGER = 'sessionkit.security';

/** The default logger repeats one kind of event at most this often. */
export const DEFAULT_LOG_INTERVAL_MS = 60_000;

const noop = (): void => {};

/**
 * Fills the missing levels of a user logger with no-ops. Unset: the default logger, which writes
 * failures and security events to stderr so they are never lost; `false`: silent.
 */
export function resolveLogger(logger?: LoggerOption): FullLogger {
  if (logger === false) return { debug: noop, info: noop, warn: noop, error: noop };
  const chosen = logger ?? defaultLogger;
  return {
    debug: chosen.debug?.bind(chosen) ?? noop,
    info: chosen.info?.bind(chosen) ?? noop,
    warn: chosen.warn?.bind(chosen) ?? noop,
    error: chosen.error?.bind(chosen) ?? noop,
  };
}

/** Where the default logger writes, and its clock; replaceable in tests. */
export interface StderrLoggerOptions {
  write?: (line: string) => void;
  now?: () => number;
}

/**
 * Writes errors, engine failures (a 5xx answer, the store unreachable included) and security
 * events to stderr, one line each, every kind (its error code, or its message) at most once a
 * minute: a store outage under load gives one line a minute, not one per request.
 */
export function createStderrLogger(options: StderrLoggerOptions = {}): FullLogger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? Date.now;
  const lastWritten = new Map<string, number>();
  const emit = (level: string, message: string, meta: Record<string, unknown> | undefined): void => {
    const kind = typeof meta?.code === 'string' ? meta.code : message;
    const at = now();
    const last = lastWritten.get(kind);
    if (last !== undefined && at - last < DEFAULT_LOG_INTERVAL_MS) return;
    lastWritten.set(kind, at);
    write(`[sessionkit] ${level}: ${message}${causeOf(meta)}\n`);
  };
  return {
    debug: noop,
    info: noop,
    warn(message, meta) {
      const failure = typeof meta?.status === 'number' && meta.status >= 500;
      if (failure || meta?.logger === SECURITY_LOGGER) emit('warn', message, meta);
    },
    error(message, meta) {
      emit('error', message, meta);
    },
  };
}

/** The error's own message (engines keep keys and data out of it), so the line says what broke. */
function causeOf(meta: Record<string, unknown> | undefined): string {
  const error = meta?.error;
  if (!(error instanceof Error)) return '';
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  return ` (${error.message}${cause}) — pass \`logger\` to route this, or \`logger: false\` to silence it`;
}

/** Shared by every component left on the default, so the once-a-minute rule holds process-wide. */
const defaultLogger: FullLogger = createStderrLogger();
