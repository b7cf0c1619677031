// The conformance suite over MemoryEngine (plain and with every inspect hook): the only test Stryker runs.
const preset = require('../../../jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  rootDir: require('node:path').resolve(__dirname, '../../..'),
  testMatch: ['<rootDir>/packages/conformance/test/memory.jest.test.ts'],
};
