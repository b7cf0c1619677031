// One jest run over every workspace; each project keeps its own config.
const preset = require('./jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  projects: ['<rootDir>/packages/*/jest.config.js', '<rootDir>/examples/*/jest.config.js'],
  // No globalSetup here: every project has the preset's, which probes the servers once per run.
  transform: preset.transform,
  moduleNameMapper: preset.moduleNameMapper,
};
