// The conformance suite over the example file engine, one group per file (see test/mutation/setup.ts):
// the only test Stryker runs.
const preset = require('../../../jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  rootDir: require('node:path').resolve(__dirname, '../../..'),
  testMatch: ['<rootDir>/examples/file-engine/test/mutation/*.mutation.ts'],
  // In band: a mutant run is short, and worker start-up would cost more than it saves.
  maxWorkers: 1,
};
