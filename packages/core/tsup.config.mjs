import { config } from '../../tsup.base.mjs';
export default config({
  index: 'src/index.ts',
  engine: 'src/engine.ts',
  express: 'src/express.ts',
  fastify: 'src/fastify.ts',
  koa: 'src/koa.ts',
  fetch: 'src/fetch.ts',
  auth: 'src/auth.ts',
  messages: 'src/messages.ts',
  csrf: 'src/csrf.ts',
  cli: 'src/cli.ts',
});
