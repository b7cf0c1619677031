module.exports = { ...require('../../jest.preset.js'), displayName: 'signed-cookie' };
