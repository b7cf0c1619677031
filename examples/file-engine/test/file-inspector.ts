import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Inspector } from '@sessionkit/conformance';
import { type FileEngine, keyToFile } from '../src';

const fileOf = (engine: FileEngine, key: string) => keyToFile(engine.directory, engine.prefix, key);
const readHeader = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { expiresAt: number; data: string };

/** Raw access to the session files, for the suite's hook-driven cases. */
export const fileInspector: Inspector<FileEngine> = {
  rawExpiry(engine, key) {
    try {
      return new Date(readHeader(fileOf(engine, key)).expiresAt);
    } catch {
      return null;
    }
  },
  corruptRecord(engine, key, damage) {
    const path = fileOf(engine, key);
    if (damage === 'undecodable') return writeFileSync(path, '{"expiresAt": 1, "da');
    // Flip the last character of the signature: still well-formed, no longer authentic.
    const file = readHeader(path);
    const flipped = file.data.slice(0, -1) + (file.data.endsWith('A') ? 'B' : 'A');
    writeFileSync(path, JSON.stringify({ ...file, data: flipped }));
  },
  breakStore(engine) {
    // A directory turned into a plain file: every call fails with ENOTDIR, as on a lost mount.
    rmSync(engine.directory, { recursive: true, force: true });
    writeFileSync(engine.directory, 'not a directory');
  },
};
