import { EngineUnavailableError, UpdateError, withDeadline } from '@sessionkit/core/engine';

describe('withDeadline', () => {
  it('passes a result through', async () => {
    expect(await withDeadline('t', 'load', 100, async () => 42)).toBe(42);
  });

  it('turns a hang into EngineUnavailableError at the deadline', async () => {
    const started = Date.now();
    const error = await withDeadline('t', 'load', 50, () => new Promise(() => {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as Error).message).toBe('[t] load timed out after 50 ms');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('wraps a driver error with its cause', async () => {
    const driverError = Object.assign(new Error('connect ECONNREFUSED for key abcdefgh12345678'), { code: 'ECONNREFUSED' });
    const error = await withDeadline('t', 'update', 100, async () => {
      throw driverError;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as Error).cause).toBe(driverError);
    expect((error as Error).message).toBe('[t] update failed: Error ECONNREFUSED');
  });

  it('keeps a SessionError as it is', async () => {
    const error = await withDeadline('t', 'update', 100, async () => {
      throw new UpdateError('gone');
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpdateError);
  });
});

describe('withDeadline, scrubbing and synchronous throws', () => {
  it('hands the redacted cause to the error, never the original', async () => {
    const driverError = new Error('duplicate value abcdefgh12345678');
    const scrubbed = new Error('duplicate value [redacted]');
    const error = await withDeadline('t', 'create', 100, () => Promise.reject(driverError), () => scrubbed).catch(
      (e: unknown) => e,
    );
    expect((error as Error).cause).toBe(scrubbed);
  });

  it('maps a run that throws before returning a promise', async () => {
    const error = await withDeadline('t', 'load', 100, () => {
      throw new TypeError('bad');
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as Error).message).toBe('[t] load failed: TypeError');
  });
});
