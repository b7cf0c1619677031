import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createStderrLogger,
  DEFAULT_LOG_INTERVAL_MS,
  EngineUnavailableError,
  resolveLogger,
  SECURITY_LOGGER,
} from '@sessionkit/core';

function recorder(start = 0) {
  const lines: string[] = [];
  let now = start;
  const logger = createStderrLogger({ write: (line) => lines.push(line), now: () => now });
  return { lines, logger, advance: (ms: number) => (now += ms) };
}

describe('the default logger', () => {
  it('writes errors, 5xx failures and security events; not debug, info or plain warnings', () => {
    const { lines, logger } = recorder();
    logger.debug('d');
    logger.info('i');
    logger.warn('a 400: bad request', { code: 'SESSION_INTERRUPTED', status: 400 });
    logger.warn('cookie set too late');
    expect(lines).toEqual([]);
    const outage = new EngineUnavailableError('[db:postgres] load: connect ECONNREFUSED');
    logger.warn('session commit failed: ENGINE_UNAVAILABLE', {
      code: 'ENGINE_UNAVAILABLE',
      status: 503,
      error: outage,
    });
    logger.warn('Session data corrupted', { logger: SECURITY_LOGGER });
    logger.error('session commit failed: UNEXPECTED', { code: 'UNEXPECTED', status: 500 });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\[sessionkit\] warn: session commit failed: ENGINE_UNAVAILABLE \(\[db:postgres\] load: connect ECONNREFUSED\)/,
    );
    expect(lines[1]).toBe('[sessionkit] warn: Session data corrupted\n');
    expect(lines[2]).toBe('[sessionkit] error: session commit failed: UNEXPECTED\n');
  });

  it('writes each kind at most once a minute', () => {
    const { lines, logger, advance } = recorder(1_000_000);
    const meta = { code: 'ENGINE_UNAVAILABLE', status: 503 };
    for (let i = 0; i < 100; i++) logger.warn('session commit failed: ENGINE_UNAVAILABLE', meta);
    logger.error('other', { code: 'UNEXPECTED' });
    expect(lines).toHaveLength(2);
    advance(DEFAULT_LOG_INTERVAL_MS - 1);
    logger.warn('session commit failed: ENGINE_UNAVAILABLE', meta);
    expect(lines).toHaveLength(2);
    advance(1);
    logger.warn('session commit failed: ENGINE_UNAVAILABLE', meta);
    expect(lines).toHaveLength(3);
  });

  it('`logger: false` is silent; a given logger gets every level', () => {
    const silent = resolveLogger(false);
    expect(() => silent.error('x')).not.toThrow();
    const seen: string[] = [];
    const mine = resolveLogger({ warn: (m) => seen.push(m) });
    mine.warn('w');
    mine.error('e');
    expect(seen).toEqual(['w']);
  });

  it('reaches the real stderr when nothing is passed, and not with false', () => {
    const script = (option: string) => `
      const { resolveLogger } = require('@sessionkit/core');
      resolveLogger(${option}).error('engine down', { code: 'ENGINE_MISCONFIGURED' });`;
    const run = (option: string) =>
      spawnSync(process.execPath, ['--conditions=@sessionkit/source', '--import', 'tsx', '-e', script(option)], {
        cwd: resolve(__dirname, '../..'),
        encoding: 'utf8',
      });
    const unset = run('undefined');
    if (unset.status !== 0) throw new Error(unset.stderr);
    expect(unset.stderr).toBe('[sessionkit] error: engine down\n');
    expect(run('false').stderr).toBe('');
  });
});
