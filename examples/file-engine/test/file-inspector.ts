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
    const file = readHeader(path);
    // The expiry stays readable (the record is still live); the data no longer decodes.
    if (damage === 'undecodable') return writeFileSync(path, JSON.stringify({ ...file, data: 'not signed data' }));
    // Flip the last character of the signature: still well-formed, no longer authentic.
    const flipped = file.data.slice(0, -1) + (file.data.endsWith('A') ? 'B' : 'A');
    writeFileSync(path, JSON.stringify({ ...file, data: flipped }));
  },
  breakStore(engine) {
    // A directory turned into a plain file: every call fails with ENOTDIR, as on a lost mount.
    rmSync(engine.directory, { recursive: true, force: true });
    writeFileSync(engine.directory, 'not a directory');
  },
};
