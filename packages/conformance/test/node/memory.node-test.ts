import * as nodeTest from 'node:test';
import { MemoryEngine } from '@sessionkit/core';
import { nodeTestHarness, runEngineConformance } from '@sessionkit/conformance';

runEngineConformance('MemoryEngine (node:test)', ({ clock }) => new MemoryEngine({ clock }), {
  harness: nodeTestHarness(nodeTest),
  capabilities: { optimisticConcurrency: true },
});
