import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, Session, SuspiciousSessionError } from '@sessionkit/core';
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

  it('refuses to run without a secret', () => {
    expect(() => new FileEngine({ directory: freshDirectory() })).toThrow(ConfigError);
  });

  it.each(['a\\b\\c', 'a/b/c', '..', '../../etc/passwd', 'ABCDEFGH', 'abc.defgh', ''])(
    'test_invalid_key_*: keyToFile refuses %p when called directly',
    (key) => {
      expect(() => keyToFile(freshDirectory(), 'sessionid', key)).toThrow(SuspiciousSessionError);
    },
  );

  it('refuses traversal keys in every engine method, and load reads them as missing', async () => {
    const directory = freshDirectory();
    const engine = new FileEngine({ directory, secret: SECRET });
    const record = { data: {}, expiresAt: new Date(Date.now() + 60_000) };
    await expect(engine.create('../escaped', record)).rejects.toThrow(SuspiciousSessionError);
    await expect(engine.update('a/b/c', record)).rejects.toThrow(SuspiciousSessionError);
    await expect(engine.exists('a\\b\\c')).rejects.toThrow(SuspiciousSessionError);
    await expect(engine.delete('..')).rejects.toThrow(SuspiciousSessionError);
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
