/** Stable machine-readable codes, one per error class. */
export type SessionErrorCode =
  | 'SESSION_ERROR'
  | 'CONFIG'
  | 'CREATE'
  | 'UPDATE'
  | 'SESSION_INTERRUPTED'
  | 'ENGINE_UNAVAILABLE'
  | 'SERIALIZATION'
  | 'SESSION_TOO_LARGE'
  | 'SUSPICIOUS_SESSION'
  | 'BAD_SIGNATURE'
  | 'KEY_NOT_FOUND'
  | 'SESSION_CONFLICT'
  | 'ENGINE_MISCONFIGURED'
  | 'CSRF_FAILED'
  | 'CLI';

export interface SessionErrorOptions {
  cause?: unknown;
}

/** Marks sessionkit's errors in every copy of this module (Symbol.for is shared by all of them). */
const SESSION_ERROR = Symbol.for('@sessionkit/core:SessionError');

/**
 * Root of every error sessionkit throws. Engines map driver errors into it.
 *
 * `instanceof` also recognises the same class from another copy of this package: a process that
 * loads it both through `import` and `require` (an ESM app with a CommonJS dependency that
 * requires an engine) holds two copies, and the manager must still see the engine's CreateError
 * as a CreateError. Classes are matched by name along the error's prototype chain.
 */
export class SessionError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass on the right of instanceof
    return Function.prototype[Symbol.hasInstance].call(this, value) || ofCopiedClass(value, this.name);
  }

  static readonly code: SessionErrorCode = 'SESSION_ERROR';
  /** HTTP status an adapter answers with when this error ends a request. */
  static readonly status: number = 500;
  readonly code: SessionErrorCode;
  readonly status: number;

  constructor(message: string, options: SessionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as typeof SessionError;
    this.name = ctor.name;
    this.code = ctor.code;
    this.status = ctor.status;
  }
}

Object.defineProperty(SessionError.prototype, SESSION_ERROR, { value: true });

/** Whether `value` is a sessionkit error from another copy of this module whose class (or an ancestor) is `name`. */
function ofCopiedClass(value: unknown, name: string): boolean {
  if (typeof value !== 'object' || value === null || (value as { [SESSION_ERROR]?: unknown })[SESSION_ERROR] !== true) {
    return false;
  }
  for (let proto: unknown = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const ctor = (proto as { constructor?: unknown }).constructor;
    if (typeof ctor === 'function' && ctor.name === name) return true;
    if (Object.hasOwn(proto as object, SESSION_ERROR)) return false;
  }
  return false;
}

/** Invalid settings, reported at start-up. */
export class ConfigError extends SessionError {
  static override readonly code: SessionErrorCode = 'CONFIG';
}

/** `create` found the key already taken. Core retries with a fresh key. */
export class CreateError extends SessionError {
  static override readonly code: SessionErrorCode = 'CREATE';
}

/** `update` found no live record: the session was deleted or expired meanwhile. */
export class UpdateError extends SessionError {
  static override readonly code: SessionErrorCode = 'UPDATE';
}

/** The request's session was deleted by a concurrent request (HTTP 400). */
export class SessionInterruptedError extends SessionError {
  static override readonly code: SessionErrorCode = 'SESSION_INTERRUPTED';
  static override readonly status: number = 400;
}

export interface EngineUnavailableErrorOptions extends SessionErrorOptions {
  /** The engine method that failed (`'load'`, `'create'`, …). */
  operation?: string;
}

/** The store could not be reached or answered in time (HTTP 503). Never "missing". */
export class EngineUnavailableError extends SessionError {
  static override readonly code: SessionErrorCode = 'ENGINE_UNAVAILABLE';
  static override readonly status: number = 503;
  /** The engine method that failed, so a log shows which call met the outage; undefined outside an engine. */
  readonly operation: string | undefined;

  constructor(message: string, options: EngineUnavailableErrorOptions = {}) {
    super(message, options);
    this.operation = options.operation;
  }
}

/**
 * The store answered, but is set up wrong (missing table or column, permission denied, read-only
 * database, failed authentication): no retry will fix it (HTTP 500, logged with the fix).
 */
export class EngineMisconfiguredError extends SessionError {
  static override readonly code: SessionErrorCode = 'ENGINE_MISCONFIGURED';
}

/**
 * Optimistic concurrency: the stored record changed since this request loaded it (HTTP 409).
 * Only raised when the manager runs with `concurrency: 'optimistic'`.
 */
export class SessionConflictError extends SessionError {
  static override readonly code: SessionErrorCode = 'SESSION_CONFLICT';
  static override readonly status: number = 409;
}

/** A value cannot be stored as JSON. */
export class SerializationError extends SessionError {
  static override readonly code: SessionErrorCode = 'SERIALIZATION';
}

/** The encoded session exceeds the engine's (or the cookie's) size limit. */
export class SessionTooLargeError extends SessionError {
  static override readonly code: SessionErrorCode = 'SESSION_TOO_LARGE';
}

/** Input that looks tampered with. Logged as a security warning, never with the key. */
export class SuspiciousSessionError extends SessionError {
  static override readonly code: SessionErrorCode = 'SUSPICIOUS_SESSION';
  static override readonly status: number = 400;
}

/** A signature did not verify (django.core.signing.BadSignature). */
export class BadSignatureError extends SuspiciousSessionError {
  static override readonly code: SessionErrorCode = 'BAD_SIGNATURE';
}

/** A signature verified but is older than `maxAge` (django.core.signing.SignatureExpired). */
export class SignatureExpiredError extends BadSignatureError {}

/** A data key that is not in the session (Python's KeyError on `del session[key]` or `pop`). */
export class KeyNotFoundError extends SessionError {
  static override readonly code: SessionErrorCode = 'KEY_NOT_FOUND';
}

/**
 * A CSRF rejection (HTTP 403) with Django's reason, from `@sessionkit/core/csrf`.
 * `statusCode` and `expose` let Express, Fastify and Koa answer it as it is: 403, the reason shown.
 */
export class CsrfError extends SessionError {
  static override readonly code: SessionErrorCode = 'CSRF_FAILED';
  static override readonly status: number = 403;
  readonly statusCode = 403;
  readonly expose = true;

  constructor(
    readonly reason: string,
    options: SessionErrorOptions = {},
  ) {
    super(`Forbidden (${reason})`, options);
    // Spelled out: a bundler may rename the class.
    this.name = 'CsrfError';
  }
}

/** Exit codes of the `sessionkit` command: 0 done, 1 the command failed, 2 bad usage, 130 interrupted. */
export const CLI_EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** A message for the `sessionkit` command's user, printed without a stack trace; `exitCode` ends the process. */
export class CliError extends SessionError {
  static override readonly code: SessionErrorCode = 'CLI';

  constructor(
    message: string,
    readonly exitCode: number = CLI_EXIT.failed,
    options: SessionErrorOptions = {},
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}
