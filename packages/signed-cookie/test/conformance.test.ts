import { jestHarness, runEngineConformance } from '@sessionkit/conformance';
import { createSignedCookieEngine, type SignedCookieEngineOptions } from '@sessionkit/signed-cookie';
import { SECRET } from './support/fixtures.js';

// The suite picks its cases from what the engine declares (cookie storage, no exists, no revocation).
// Encrypted mode runs with opt-in compression: the suite's round-trip sample holds a 10 KB string.
const modes: [string, SignedCookieEngineOptions][] = [
  ['signed-cookie', { secret: SECRET }],
  ['signed-cookie (encrypted, compressed)', { secret: SECRET, encrypt: true, compress: true }],
];
for (const [name, options] of modes) {
  runEngineConformance(name, ({ clock }) => createSignedCookieEngine({ ...options, clock }), {
    harness: jestHarness(),
    capabilities: createSignedCookieEngine(options).capabilities,
  });
}
