import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FactoryContext, jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { FileEngine } from '../src';
import { fileInspector } from './file-inspector';

function freshEngine({ clock, cleanup }: FactoryContext) {
  const directory = mkdtempSync(join(tmpdir(), 'sessionkit-file-'));
  cleanup(() => rmSync(directory, { recursive: true, force: true }));
  return new FileEngine({ directory, secret: 'test-secret-of-at-least-thirty-two-bytes!', clock });
}

// The whole suite again, with the inspect hooks on: raw expiry, corrupt files, a dead store.
runEngineConformance('FileEngine with inspect hooks', freshEngine, {
  harness: jestHarness(),
  capabilities: { optimisticConcurrency: true },
  inspect: fileInspector,
});
