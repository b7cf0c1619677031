// Every entry through require(), as a CommonJS app loads them.
const entries = ['', '/express', '/fastify', '/koa', '/fetch', '/auth', '/messages', '/csrf'].map(
  (s) => `@sessionkit/core${s}`,
);
entries.push(
  '@sessionkit/db',
  '@sessionkit/signed-cookie',
  '@sessionkit/conformance',
  '@sessionkit/cache',
  '@sessionkit/cached-db',
);
const out = {};
for (const entry of entries) out[entry] = Object.keys(require(entry)).length;
process.stdout.write(JSON.stringify(out));
