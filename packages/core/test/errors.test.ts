import * as core from '@sessionkit/core';

describe('one error hierarchy', () => {
  const classes = [
    ['ConfigError', 'CONFIG', 500],
    ['CreateError', 'CREATE', 500],
    ['UpdateError', 'UPDATE', 500],
    ['SessionInterruptedError', 'SESSION_INTERRUPTED', 400],
    ['EngineUnavailableError', 'ENGINE_UNAVAILABLE', 503],
    ['SerializationError', 'SERIALIZATION', 500],
    ['SessionTooLargeError', 'SESSION_TOO_LARGE', 500],
    ['SuspiciousSessionError', 'SUSPICIOUS_SESSION', 400],
  ] as const;

  it.each(classes)('%s is a SessionError with code %s and status %i', (name, code, status) => {
    const Ctor = core[name];
    const cause = new Error('driver');
    const error = new Ctor('msg', { cause });
    expect(error).toBeInstanceOf(core.SessionError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.cause).toBe(cause);
  });
});
