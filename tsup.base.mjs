// Shared tsup settings: dual CJS/ESM with declarations for every entry.
export function config(entry) {
  return {
    entry,
    format: ['cjs', 'esm'],
    // The declaration build is not a project-reference build: composite would demand every file be listed.
    dts: { compilerOptions: { composite: false } },
    clean: true,
    sourcemap: true,
    target: 'node20',
    // Shared chunks, so every subpath entry sees the same classes (instanceof across entries holds).
    splitting: true,
    // The CJS chunks assign classes to `_classN` variables; error names come from `new.target.name`.
    keepNames: true,
  };
}
