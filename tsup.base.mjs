// Shared tsup settings: dual CJS/ESM with declarations for every entry.
export function config(entry) {
  return { entry, format: ['cjs', 'esm'], dts: true, clean: true, sourcemap: true, target: 'node20', splitting: false };
}
