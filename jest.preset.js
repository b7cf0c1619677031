// Shared jest settings: ts-jest in CJS mode, sources resolved through the private source condition.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
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
