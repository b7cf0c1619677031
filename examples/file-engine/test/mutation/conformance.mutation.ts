// The conformance suite as Stryker runs it over the file engine. The size bisections write
// dozens of near-limit records through the signed codec, so they run at a 64 KiB limit here
// (the full-size run is conformance.test.ts); everything else runs at the defaults too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FactoryContext, jestHarness, listCases, runEngineConformance } from '@sessionkit/conformance';
import { FileEngine } from '../../src';
import { fileInspector } from '../file-inspector';

const SMALL_LIMIT = 64 * 1024;

function engineFactory(maxDataBytes?: number) {
  return ({ clock, cleanup }: FactoryContext) => {
    const directory = mkdtempSync(join(tmpdir(), 'sessionkit-file-'));
    cleanup(() => rmSync(directory, { recursive: true, force: true }));
    const secret = 'test-secret-of-at-least-thirty-two-bytes!';
    return new FileEngine({ directory, secret, clock, ...(maxDataBytes === undefined ? {} : { maxDataBytes }) });
  };
}

const sizeCases = listCases({}).filter((name) => name.startsWith('size: '));

runEngineConformance('FileEngine, defaults', engineFactory(), {
  harness: jestHarness(),
  capabilities: { optimisticConcurrency: true },
  skip: sizeCases,
});
runEngineConformance('FileEngine, 64 KiB, inspect hooks', engineFactory(SMALL_LIMIT), {
  harness: jestHarness(),
  capabilities: { maxDataBytes: SMALL_LIMIT, optimisticConcurrency: true },
  inspect: fileInspector,
});
