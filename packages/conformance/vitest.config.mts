// Runs the suite against MemoryEngine under vitest, to prove the vitest harness works.
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources, as jest and tsc do.
const conditions = ['@sessionkit/source', ...defaultServerConditions];

export default defineConfig({
  root: import.meta.dirname,
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/vitest/**/*.vitest.ts'],
    environment: 'node',
  },
});
