module.exports = { ...require('../../jest.preset.js'), displayName: 'file-engine' };
