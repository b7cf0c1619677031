// Every entry through require(), as a CommonJS app loads them.
// Every package and subpath entry a user can load (entries.json, shared with load-esm.mjs).
const entries = require('./entries.json');
const out = {};
for (const entry of entries) out[entry] = Object.keys(require(entry)).length;
process.stdout.write(JSON.stringify(out));
