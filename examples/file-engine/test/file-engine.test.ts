import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  CreateError,
  EngineUnavailableError,
  plainJsonCodec,
  Session,
  SessionConflictError,
  SuspiciousSessionError,
  UpdateError,
} from '@sessionkit/core';
import { ManualClock } from '@sessionkit/conformance';
import { FileEngine, keyToFile } from '../src';

const SECRET = 'test-secret-of-at-least-thirty-two-bytes!';
const directories: string[] = [];
const freshDirectory = () => {
  const directory = mkdtempSync(join(tmpdir(), 'sessionkit-file-'));
  directories.push(directory);
  return directory;
};
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('FileEngine (Django FileSessionTests)', () => {
  it('test_configuration_check: refuses a directory that does not exist', () => {
    const directory = '/if/this/directory/exists/you/have/a/weird/computer';
    expect(() => new FileEngine({ directory, secret: SECRET })).toThrow(ConfigError);
  });

  it('refuses to run without a secret, and with both a secret and a codec', () => {
    expect(() => new FileEngine({ directory: freshDirectory() })).toThrow(ConfigError);
    const both = { directory: freshDirectory(), secret: SECRET, codec: plainJsonCodec };
    expect(() => new FileEngine(both)).toThrow(/`secret` or `codec`/);
  });

  it.each(['a\\b\\c', 'a/b/c', '..', '../../etc/passwd', 'ABCDEFGH', 'abc.defgh', '', 'abc1234', 'a'.repeat(41)])(
    'test_invalid_key_*: keyToFile refuses %p when called directly',
    (key) => {
      expect(() => keyToFile(freshDirectory(), 'sessionid', key)).toThrow(SuspiciousSessionError);
    },
  );

  it('refuses traversal keys in every writing method as the contract says, and touches no file', async () => {
    const directory = freshDirectory();
    const engine = new FileEngine({ directory, secret: SECRET });
    const record = { data: {}, expiresAt: new Date(Date.now() + 60_000) };
    // The contract for a key outside the rules: create is CreateError, update and touch UpdateError,
    // delete resolves, exists and load read it as missing.
    await expect(engine.create('../escaped', record)).rejects.toThrow(CreateError);
    await expect(engine.update('a/b/c', record)).rejects.toThrow(UpdateError);
    await expect(engine.touch('../escaped', record.expiresAt)).rejects.toThrow(UpdateError);
    await expect(engine.exists('a\\b\\c')).resolves.toBe(false);
    await expect(engine.delete('..')).resolves.toBeUndefined();
    await expect(engine.load('../escaped')).resolves.toBeNull();
    expect(readdirSync(join(directory, '..')).some((name) => name.includes('escaped'))).toBe(false);
  });

  it('keeps one owner-only file per session, named <prefix><key>, and no temp files', async () => {
    const directory = freshDirectory();
    const session = new Session(new FileEngine({ directory, secret: SECRET }), null);
    await session.set('a', 1);
    await session.save();
    await session.set('a', 2);
    await session.save();
    expect(readdirSync(directory)).toEqual([`sessionid${session.key}`]);
    expect(statSync(join(directory, `sessionid${session.key}`)).mode & 0o777).toBe(0o600);
  });

  it('test_clearsessions_command: removes the expired file, keeps the live one and any stranger', async () => {
    const directory = freshDirectory();
    const clock = new ManualClock();
    const engine = new FileEngine({ directory, secret: SECRET, clock });
    for (const expiry of [3600, -3600]) {
      const session = new Session(engine, null, { clock });
      await session.set('foo', 'bar');
      await session.setExpiry(expiry);
      await session.save();
    }
    writeFileSync(join(directory, 'not-a-session.txt'), 'keep me');
    expect(readdirSync(directory)).toHaveLength(3);
    await expect(engine.clearExpired()).resolves.toBe(1);
    expect(readdirSync(directory)).toHaveLength(2);
  });
});

describe('FileEngine versions and touch (contract v2)', () => {
  const KEY = 'versionkey000000';
  const later = (ms = 60_000) => new Date(Date.now() + ms);

  it('stores the version, honours expectedVersion, and refuses a stale one without writing', async () => {
    const engine = new FileEngine({ directory: freshDirectory(), secret: SECRET });
    expect(engine.capabilities.optimisticConcurrency).toBe(true);
    await engine.create(KEY, { data: { n: 0 }, expiresAt: later(), version: 'v0' });
    expect(await engine.load(KEY)).toMatchObject({ data: { n: 0 }, version: 'v0' });
    await engine.update(KEY, { data: { n: 1 }, expiresAt: later(), version: 'v1' }, { expectedVersion: 'v0' });
    await expect(
      engine.update(KEY, { data: { n: 2 }, expiresAt: later(), version: 'v2' }, { expectedVersion: 'v0' }),
    ).rejects.toBeInstanceOf(SessionConflictError);
    expect(await engine.load(KEY)).toMatchObject({ data: { n: 1 }, version: 'v1' });
  });

  it('of two concurrent updates expecting the same version, exactly one wins', async () => {
    const engine = new FileEngine({ directory: freshDirectory(), secret: SECRET });
    await engine.create(KEY, { data: {}, expiresAt: later(), version: 'v0' });
    const outcomes = await Promise.allSettled(
      ['a', 'b'].map((v) =>
        engine.update(KEY, { data: { v }, expiresAt: later(), version: v }, { expectedVersion: 'v0' }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(SessionConflictError);
  });

  it('touch moves the expiry and keeps data and version; a dead key is UpdateError', async () => {
    const engine = new FileEngine({ directory: freshDirectory(), secret: SECRET });
    await engine.create(KEY, { data: { a: 'b' }, expiresAt: later(), version: 'v1' });
    const moved = later(3_600_000);
    await engine.touch(KEY, moved);
    expect(await engine.load(KEY)).toEqual({ data: { a: 'b' }, expiresAt: moved, version: 'v1' });
    await expect(engine.touch('missingkey000000', moved)).rejects.toBeInstanceOf(UpdateError);
    await engine
      .create('expiredkey000000', { data: {}, expiresAt: new Date(Date.now() - 1000) })
      .catch(() => undefined);
    await expect(engine.touch('expiredkey000000', moved)).rejects.toBeInstanceOf(UpdateError);
    expect(await engine.load('expiredkey000000')).toBeNull();
  });
});

describe('FileEngine after close()', () => {
  it('rejects every call with EngineUnavailableError, a traversal key included', async () => {
    const engine = new FileEngine({ directory: freshDirectory(), secret: SECRET });
    await engine.close();
    await engine.close();
    const record = { data: {}, expiresAt: new Date(Date.now() + 60_000) };
    for (const key of ['validkey00000000', '../etc/passwd']) {
      await expect(engine.load(key)).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(engine.create(key, record)).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(engine.update(key, record)).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(engine.touch(key, record.expiresAt)).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(engine.delete(key)).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(engine.exists(key)).rejects.toBeInstanceOf(EngineUnavailableError);
    }
    await expect(engine.clearExpired()).rejects.toBeInstanceOf(EngineUnavailableError);
  });
});
