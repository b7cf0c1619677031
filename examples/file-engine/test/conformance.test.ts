import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FactoryContext, jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { FileEngine } from '../src';

function freshEngine({ clock, cleanup }: FactoryContext) {
  const directory = mkdtempSync(join(tmpdir(), 'sessionkit-file-'));
  cleanup(() => rmSync(directory, { recursive: true, force: true }));
  return new FileEngine({ directory, secret: 'test-secret-of-at-least-thirty-two-bytes!', clock });
}

// The file engine keeps version tokens, so it declares optimisticConcurrency beyond the stored defaults.
runEngineConformance('FileEngine', freshEngine, {
  harness: jestHarness(),
  capabilities: { optimisticConcurrency: true },
});
