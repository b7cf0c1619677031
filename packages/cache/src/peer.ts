import { ConfigError } from '@sessionkit/core/engine';

/**
 * Loads an optional peer (a driver) when the engine must create the client itself: `require`
 * in CommonJS (and under jest), a native `import()` in the ES module build. The name is not a
 * literal, so no bundler pulls the driver in. The CommonJS `require` is reached through
 * `module`: in the ES module build the bundler turns a bare `require` into a shim that throws.
 */
export async function loadPeer<T>(name: 'ioredis' | 'memcached' | 'memjs'): Promise<T> {
  try {
    if (typeof module === 'object' && module !== null && typeof module.require === 'function') {
      return module.require(name) as T;
    }
    const loaded = (await import(name)) as { default?: unknown };
    // CommonJS drivers seen from ESM: the module object is the default export.
    return (loaded.default ?? loaded) as T;
  } catch (error) {
    throw new ConfigError(`the cache engine needs the \`${name}\` package: npm install ${name}`, { cause: error });
  }
}
