// The whole suite under node:test against an engine that loads every expiry as an invalid Date.
// Run by tap-reporter.test.ts with --test-reporter=tap; not a *.node-test.ts, so the runner-count check skips it.
import * as nodeTest from 'node:test';
import { nodeTestHarness, runEngineConformance } from '@sessionkit/conformance';
import { ExpiryNaN } from '../support/broken-engines.js';
import { memoryInspector } from '../support/inspectable-memory-engine.js';

runEngineConformance('ExpiryNaN (node:test, TAP)', ({ clock }) => new ExpiryNaN({ clock }), {
  harness: nodeTestHarness(nodeTest),
  capabilities: { optimisticConcurrency: true },
  inspect: memoryInspector,
});
