// Run after tsup in a package folder: marks each import of an optional peer in the built
// declarations with `// @ts-ignore`. A project that installed another driver, compiled with
// `skipLibCheck: false` (TypeScript's default), would otherwise fail on our .d.ts with TS2307
// "Cannot find module". With the mark, the peer's types are used when it is installed and are
// `any` when it is not, where nothing of the project can use them (the driver is missing).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARK = '// @ts-ignore optional peer dependency: its types are any when it is not installed';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const optional = Object.entries(manifest.peerDependenciesMeta ?? {})
  .filter(([, meta]) => meta.optional)
  .map(([name]) => name);

/** A line of code (not of a comment) naming `peer`'s module or a subpath, in `from` or `import()`. */
const namesPeer = (line, peer) =>
  !/^\s*(\*|\/\*|\/\/)/.test(line) &&
  [`'${peer}'`, `"${peer}"`, `'${peer}/`, `"${peer}/`].some(
    (specifier) => line.includes(`from ${specifier}`) || line.includes(`import(${specifier}`),
  );

let marked = 0;
for (const file of readdirSync('dist')) {
  if (!/\.d\.(m|c)?ts$/.test(file)) continue;
  const path = join('dist', file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const out = [];
  for (const line of lines) {
    const isPeerImport = optional.some((peer) => namesPeer(line, peer));
    if (isPeerImport && out[out.length - 1] !== MARK) {
      out.push(MARK);
      marked++;
    }
    out.push(line);
  }
  writeFileSync(path, out.join('\n'));
}
process.stdout.write(
  `optional-peer-types: ${marked} import(s) of ${optional.join(', ') || 'no optional peer'} marked\n`,
);
