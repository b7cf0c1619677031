import { MemoryEngine } from '@sessionkit/core';
import { runEngineConformance, vitestHarness } from '@sessionkit/conformance';
import { describe, it } from 'vitest';

runEngineConformance('MemoryEngine (vitest)', ({ clock }) => new MemoryEngine({ clock }), {
  harness: vitestHarness({ describe, it }),
  capabilities: { optimisticConcurrency: true },
});
