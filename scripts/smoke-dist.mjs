// Loads the built packages (not the sources) through require() and import(), and runs one
// request across two entry points, so a class duplicated between entries would show here.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);

async function roundTrip(core, express) {
  const engine = new core.MemoryEngine();
  engine.update = async () => {
    throw new core.EngineUnavailableError('[memory] injected outage');
  };
  const server = createServer(
    express.withSession({ engine }, async (req, res) => {
      await req.session.set('n', 1);
      res.end('ok');
    }),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const first = await fetch(url);
  assert.equal(first.status, 200);
  const cookie = first.headers.get('set-cookie').split(';')[0];
  const second = await fetch(url, { headers: { cookie } });
  server.close();
  // 503 only if the adapter recognises the main entry's EngineUnavailableError.
  assert.equal(second.status, 503);
}

await roundTrip(require('@sessionkit/core'), require('@sessionkit/core/express'));
await roundTrip(await import('@sessionkit/core'), await import('@sessionkit/core/express'));
// The engine entry hands out the main entry's error classes, not copies.
for (const [core, engine] of [
  [require('@sessionkit/core'), require('@sessionkit/core/engine')],
  [await import('@sessionkit/core'), await import('@sessionkit/core/engine')],
]) {
  assert.equal(engine.SessionConflictError, core.SessionConflictError, '@sessionkit/core/engine shares error classes');
  assert.equal(engine.MAX_JSON_DEPTH, 1000);
}
for (const name of ['@sessionkit/conformance', '@sessionkit/db', '@sessionkit/signed-cookie']) {
  assert.ok(Object.keys(require(name)).length > 0, `${name} (CJS)`);
  assert.ok(Object.keys(await import(name)).length > 0, `${name} (ESM)`);
}
console.log('dist smoke: CJS and ESM builds load and share classes across entry points');
