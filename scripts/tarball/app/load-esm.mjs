// Every entry through import(), as an ES module app loads them.
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
for (const entry of entries) out[entry] = Object.keys(await import(entry)).length;
const core = await import('@sessionkit/core');
const db = await import('@sessionkit/db');
// One class identity across entries and packages: an engine's errors are core's errors.
out.sameErrors =
  (await import('@sessionkit/core/express')).sessionMiddleware !== undefined &&
  db.createDbEngine !== undefined &&
  core.SessionError !== undefined;
process.stdout.write(JSON.stringify(out));
