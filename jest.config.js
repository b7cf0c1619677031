// One jest run over every workspace; each project keeps its own config.
const preset = require('./jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  projects: ['<rootDir>/packages/*/jest.config.js', '<rootDir>/examples/*/jest.config.js'],
  globalSetup: '<rootDir>/tools/test-services/src/global-setup.ts',
  transform: preset.transform,
  moduleNameMapper: preset.moduleNameMapper,
};
