import { MemoryEngine } from '@sessionkit/core';
import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { InspectableMemoryEngine, memoryInspector } from './support/inspectable-memory-engine';

runEngineConformance('MemoryEngine (jest)', ({ clock }) => new MemoryEngine({ clock }), {
  harness: jestHarness(),
  capabilities: { optimisticConcurrency: true },
});

// The same engine with every inspect hook, so the hook-driven cases run under a real runner too.
runEngineConformance('MemoryEngine with inspect hooks (jest)', ({ clock }) => new InspectableMemoryEngine({ clock }), {
  harness: jestHarness(),
  capabilities: { optimisticConcurrency: true },
  inspect: memoryInspector,
});
