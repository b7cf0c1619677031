import { EngineMisconfiguredError, EngineUnavailableError, UpdateError } from '@sessionkit/core';
import { engineFailure, withDeadline } from '@sessionkit/core/engine';

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

describe('engineFailure: misconfiguration or outage', () => {
  const driver = (props: Record<string, unknown>) => Object.assign(new Error('driver text with a value'), props);
  it.each([
    ['SQLite no such table', { code: 'SQLITE_ERROR', message: 'no such table: sessions' }, /run `sessionkit migrate`/],
    ['SQLite no such column', { code: 'SQLITE_ERROR', message: 'no such column: expire_date' }, /run `sessionkit migrate`/],
    ['SQLite read-only', { code: 'SQLITE_READONLY' }, /read-only/],
    ['PostgreSQL undefined table', { code: '42P01' }, /run `sessionkit migrate`/],
    ['PostgreSQL undefined column', { code: '42703' }, /run `sessionkit migrate`/],
    ['PostgreSQL insufficient privilege', { code: '42501' }, /grant SELECT/],
    ['PostgreSQL bad password', { code: '28P01' }, /credentials/],
    ['PostgreSQL read-only transaction', { code: '25006' }, /read-only/],
    ['MySQL no such table', { code: 'ER_NO_SUCH_TABLE', errno: 1146 }, /run `sessionkit migrate`/],
    ['MySQL bad field', { code: 'ER_BAD_FIELD_ERROR', errno: 1054 }, /run `sessionkit migrate`/],
    ['MySQL table access denied', { code: 'ER_TABLEACCESS_DENIED_ERROR', errno: 1142 }, /grant SELECT/],
    ['MySQL access denied', { code: 'ER_ACCESS_DENIED_ERROR', errno: 1045 }, /credentials/],
    ['MySQL read-only', { code: 'ER_OPTION_PREVENTS_STATEMENT', errno: 1290 }, /read-only/],
  ])('%s is EngineMisconfiguredError naming the fix', (_, props, fix) => {
    const error = engineFailure('t', 'load', driver(props));
    expect(error).toBeInstanceOf(EngineMisconfiguredError);
    expect(error.message).toMatch(fix);
    expect(error.message).not.toContain('driver text');
  });

  it.each([
    ['connection refused', { code: 'ECONNREFUSED' }],
    ['connection reset', { code: 'ECONNRESET' }],
    ['timed out', { code: 'ETIMEDOUT' }],
    ['SQLite busy', { code: 'SQLITE_BUSY' }],
    ['SQLite other error', { code: 'SQLITE_ERROR', message: 'disk I/O error' }],
    ['PostgreSQL deadlock', { code: '40P01' }],
    ['PostgreSQL serialization failure', { code: '40001' }],
    ['PostgreSQL admin shutdown', { code: '57P01' }],
    ['MySQL deadlock', { code: 'ER_LOCK_DEADLOCK', errno: 1213 }],
    ['MySQL lock wait timeout', { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }],
    ['no code at all', {}],
  ])('%s stays EngineUnavailableError (a retry may cure it)', (_, props) => {
    expect(engineFailure('t', 'load', driver(props))).toBeInstanceOf(EngineUnavailableError);
  });
});
