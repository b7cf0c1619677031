// The conformance suite as Stryker runs it over the file engine, one group per file so that
// jest can stop at the first failing file. The size bisections write dozens of near-limit
// records through the signed codec, so the groups run at a 64 KiB limit here (the full-size
// run is conformance.test.ts); one file checks the engine contract at the defaults too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CaseRegistrar, type FactoryContext, jestHarness } from '@sessionkit/conformance';
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

/** One group over the file engine at 64 KiB, with every inspect hook the file engine has. */
export function runGroup(register: CaseRegistrar): void {
  register('FileEngine, 64 KiB, inspect hooks', engineFactory(SMALL_LIMIT), {
    harness: jestHarness(),
    capabilities: { maxDataBytes: SMALL_LIMIT, optimisticConcurrency: true },
    inspect: fileInspector,
  });
}

/** One group over the file engine at its defaults. */
export function runGroupAtDefaults(register: CaseRegistrar): void {
  register('FileEngine, defaults', engineFactory(), {
    harness: jestHarness(),
    capabilities: { optimisticConcurrency: true },
  });
}
