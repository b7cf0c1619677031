// Writes the test project's package.json: the packed tarballs, and what the docs tell users to
// install beside them, at the versions the workspace uses.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [tgzDir, out] = process.argv.slice(2);
const dependencies = {};
for (const file of readdirSync(tgzDir).filter((name) => name.endsWith('.tgz'))) {
  const name = `@sessionkit/${file.replace(/^sessionkit-/, '').replace(/-\d+\.\d+\.\d+\.tgz$/, '')}`;
  dependencies[name] = `file:${join(tgzDir, file)}`;
}
Object.assign(dependencies, {
  '@hono/node-server': '^1.19.0',
  '@types/express': '^5.0.3',
  '@types/memcached': '^2.2.10',
  '@types/node': '^20.19.43',
  'better-sqlite3': '^12.11.1',
  express: '^5.1.0',
  fastify: '^5.6.0',
  hono: '^4.9.0',
  ioredis: '^6.1.0',
  knex: '^3.3.0',
  memcached: '^2.2.2',
  memjs: '^1.3.2',
  pg: '^8.13.0',
  tsx: '^4.19.0',
  typescript: '~5.9.3',
  typescript7: 'npm:typescript@^7.0.2',
});
const pkg = { name: 'sessionkit-tarball-app', private: true, type: 'module', dependencies };
writeFileSync(out, `${JSON.stringify(pkg, null, 2)}\n`);
