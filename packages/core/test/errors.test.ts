import {
  ConfigError,
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
  ] as const;

  it.each(classes)('%s is a SessionError with code %s and status %i', (name, Ctor, code, status) => {
    const cause = new Error('driver');
    const error = new Ctor('msg', { cause });
    expect(error).toBeInstanceOf(SessionError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.cause).toBe(cause);
  });
});
