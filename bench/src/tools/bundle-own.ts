/**
 * A tool's script bundled with esbuild into one CommonJS file, our sources inlined (@sessionkit/*
 * from source, and the bench's own files) and every other package left outside, resolved at run
 * time through NODE_PATH: native addons and packages that find files beside themselves then load
 * as installed, and no TypeScript loader runs in the measured process.
 */
export async function bundleOwnSources(entry: string, outfile: string): Promise<string> {
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    conditions: ['@sessionkit/source'],
    outfile,
    logLevel: 'warning',
    plugins: [
      {
        name: 'external-packages',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@sessionkit/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  return outfile;
}
