module.exports = { ...require('../../jest.preset.js'), displayName: 'cached-db' };
