// The layering rules of ARCHITECTURE.md, checked by `npm test` (scripts/test.sh) and shown to fire
// by packages/core/test/architecture/layering.test.ts. Paths are relative to the repository root.
const ENGINES = '^(packages/(db|signed-cookie|cache|cached-db)|examples/file-engine)/src/';
const CORE = '^packages/core/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-knows-no-http',
      comment: "An engine stores records; requests, cookies and frameworks are core's business.",
      severity: 'error',
      from: { path: ENGINES },
      to: { path: `${CORE}(http|frameworks)/|^packages/core/src/(express|fastify|koa|fetch)\\.ts$` },
    },
    {
      name: 'engine-uses-public-core-only',
      comment: "Engines import `@sessionkit/core` and `@sessionkit/core/engine`, never core's files.",
      severity: 'error',
      from: { path: ENGINES },
      // http/ and frameworks/ are the rule above's.
      to: { path: `${CORE}.+/`, pathNot: `${CORE}(http|frameworks)/` },
    },
    {
      name: 'core-imports-no-engine-package',
      comment: 'Core defines the engine contract; engine packages depend on core, never the other way.',
      severity: 'error',
      from: { path: CORE },
      to: { path: '^(packages/(db|signed-cookie|cache|cached-db|conformance)|examples)/' },
    },
    {
      name: 'leaf-stays-leaf',
      comment: 'signing/, json/ and errors.ts import only each other (and the logger and clock).',
      severity: 'error',
      from: { path: `${CORE}(signing/|json/|errors\\.ts$)` },
      to: { path: CORE, pathNot: `${CORE}(signing/|json/|errors\\.ts$|logger\\.ts$|clock\\.ts$)` },
    },
    {
      name: 'contrib-is-framework-free',
      comment: 'contrib/ offers framework-free APIs; a framework folder uses them, never the other way.',
      severity: 'error',
      from: { path: `${CORE}contrib/` },
      to: { path: `${CORE}(frameworks/|(express|fastify|koa|fetch)\\.ts$)` },
    },
    {
      name: 'session-knows-no-http',
      comment: 'A session is data and expiry; requests and responses are http/ and frameworks/ business.',
      severity: 'error',
      from: { path: `${CORE}session/` },
      to: { path: `${CORE}(http|frameworks)/` },
    },
    {
      name: 'http-knows-no-framework',
      comment: 'http/ is what every framework shares; it never reaches into one framework folder.',
      severity: 'error',
      from: { path: `${CORE}http/` },
      to: { path: `${CORE}frameworks/` },
    },
    {
      name: 'framework-folders-stay-apart',
      comment: 'One framework, one folder: Koa reuses the node:http hold, Hono the fetch glue, nothing else.',
      severity: 'error',
      from: { path: `${CORE}frameworks/([^/]+)/` },
      to: {
        path: `${CORE}frameworks/`,
        pathNot: [`${CORE}frameworks/$1/`, `${CORE}frameworks/node/`, `${CORE}frameworks/fetch/`],
      },
    },
    {
      name: 'only-koa-and-node-share-the-hold',
      comment: 'The node:http glue is shared by Koa only (both run on node:http responses).',
      severity: 'error',
      from: { path: `${CORE}frameworks/(fastify|fetch|hono)/` },
      to: { path: `${CORE}frameworks/node/` },
    },
    {
      name: 'only-hono-shares-the-fetch-glue',
      comment: 'The fetch glue is shared by Hono only (both answer Web Responses).',
      severity: 'error',
      from: { path: `${CORE}frameworks/(node|fastify|koa)/` },
      to: { path: `${CORE}frameworks/fetch/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.tsbuild)/' },
    // Type-only imports count: a type from http/ in session/ is knowledge of HTTP all the same.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@sessionkit/source', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
