// Shared jest settings: ts-jest in CJS mode, sources resolved through the private source condition.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Finds PostgreSQL and MariaDB for every package run (`npx jest` inside a package too). In the
  // root run each project triggers it; it probes once per run (see the marker in the module).
  globalSetup: path.join(__dirname, 'tools/test-services/src/global-setup.ts'),
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironmentOptions: { customExportConditions: ['@sessionkit/source', 'node', 'require'] },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          isolatedModules: true,
          esModuleInterop: true,
          customConditions: ['@sessionkit/source'],
        },
        diagnostics: false,
      },
    ],
  },
};
