import {
  CliError,
  ConfigError,
  CsrfError,
  CreateError,
  EngineUnavailableError,
  SerializationError,
  SessionError,
  SessionInterruptedError,
  SessionTooLargeError,
  SuspiciousSessionError,
  UpdateError,
} from '@sessionkit/core';

describe('one error hierarchy', () => {
  const classes = [
    ['ConfigError', ConfigError, 'CONFIG', 500],
    ['CreateError', CreateError, 'CREATE', 500],
    ['UpdateError', UpdateError, 'UPDATE', 500],
    ['SessionInterruptedError', SessionInterruptedError, 'SESSION_INTERRUPTED', 400],
    ['EngineUnavailableError', EngineUnavailableError, 'ENGINE_UNAVAILABLE', 503],
    ['SerializationError', SerializationError, 'SERIALIZATION', 500],
    ['SessionTooLargeError', SessionTooLargeError, 'SESSION_TOO_LARGE', 500],
    ['SuspiciousSessionError', SuspiciousSessionError, 'SUSPICIOUS_SESSION', 400],
    ['CsrfError', CsrfError, 'CSRF_FAILED', 403],
    ['CliError', CliError, 'CLI', 500],
  ] as const;

  it.each(classes)('%s is a SessionError with code %s and status %i', (name, Ctor, code, status) => {
    const cause = new Error('driver');
    // CsrfError takes Django's reason first, CliError an exit code second; the rest a message.
    const error =
      Ctor === CsrfError
        ? new CsrfError('msg', { cause })
        : Ctor === CliError
          ? new CliError('msg', 1, { cause })
          : new (Ctor as typeof ConfigError)('msg', { cause });
    expect(error).toBeInstanceOf(SessionError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    if (Ctor !== CsrfError) expect(error.message).toBe('msg');
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.cause).toBe(cause);
  });

  it("CsrfError carries Django's reason and the fields frameworks read for a 403", () => {
    const error = new CsrfError('CSRF token missing.');
    expect(error.message).toBe('Forbidden (CSRF token missing.)');
    expect(error).toMatchObject({ reason: 'CSRF token missing.', statusCode: 403, expose: true });
  });

  it('CliError carries its exit code (1 unless given)', () => {
    expect(new CliError('x').exitCode).toBe(1);
    expect(new CliError('x', 2).exitCode).toBe(2);
  });
});
