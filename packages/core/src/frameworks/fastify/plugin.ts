/**
 * Marks `plugin` the way fastify-plugin would: no encapsulation (its hooks and decorators reach
 * every route), a display name, Fastify 5. Written once for the session, messages and CSRF plugins.
 */
export function asFastifyPlugin<P extends object>(plugin: P, name: string): P {
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
    [Symbol.for('plugin-meta')]: { name, fastify: '5.x' },
  });
}
