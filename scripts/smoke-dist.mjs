// Loads the built packages (not the sources) through require() and import(), and runs one
// request across two entry points, so a class duplicated between entries would show here.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);

async function roundTrip(core, express, Outage = core.EngineUnavailableError) {
  const engine = new core.MemoryEngine();
  engine.update = async () => {
    throw new Outage('[memory] injected outage');
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
// One process, two copies of core (an ESM app whose CommonJS dependency requires an engine):
// each copy's instanceof knows the other's errors, class by class.
{
  const cjs = require('@sessionkit/core');
  const esm = await import('@sessionkit/core');
  assert.notEqual(cjs.CreateError, esm.CreateError, 'two copies are loaded');
  for (const [from, to] of [
    [cjs, esm],
    [esm, cjs],
  ]) {
    assert.ok(new from.CreateError('x') instanceof to.CreateError);
    assert.ok(new from.CreateError('x') instanceof to.SessionError);
    assert.ok(!(new from.CreateError('x') instanceof to.UpdateError));
    assert.ok(new from.SignatureExpiredError('x') instanceof to.BadSignatureError);
    assert.ok(new from.SignatureExpiredError('x') instanceof to.SuspiciousSessionError);
    assert.ok(!(new from.BadSignatureError('x') instanceof to.SignatureExpiredError));
    assert.ok(!(new Error('x') instanceof to.SessionError));
    const named = new Error('x');
    named.name = 'CreateError';
    assert.ok(!(named instanceof to.CreateError), 'a foreign error of the same name is not ours');
  }
  // The ESM adapter answers the CJS copy's outage with 503, as it does its own.
  await roundTrip(esm, await import('@sessionkit/core/express'), cjs.EngineUnavailableError);
}
// Every exported error class keeps its own name in both builds (err.name, logs, stack traces).
for (const core of [require('@sessionkit/core'), await import('@sessionkit/core')]) {
  const errors = Object.entries(core).filter(
    ([, value]) => typeof value === 'function' && value.prototype instanceof core.SessionError,
  );
  assert.ok(errors.length >= 10, 'the error classes are exported');
  for (const [exported, ErrorClass] of [...errors, ['SessionError', core.SessionError]]) {
    assert.equal(new ErrorClass('x').name, exported, `${exported}.name`);
  }
}
for (const name of [
  '@sessionkit/conformance',
  '@sessionkit/db',
  '@sessionkit/cache',
  '@sessionkit/cached-db',
  '@sessionkit/signed-cookie',
]) {
  assert.ok(Object.keys(require(name)).length > 0, `${name} (CJS)`);
  assert.ok(Object.keys(await import(name)).length > 0, `${name} (ESM)`);
}
// cached-db composes engines from core's build: two MemoryEngines, one round trip, core's errors.
for (const [core, cachedDb] of [
  [require('@sessionkit/core'), require('@sessionkit/cached-db')],
  [await import('@sessionkit/core'), await import('@sessionkit/cached-db')],
]) {
  const engine = cachedDb.createCachedDbEngine({ db: new core.MemoryEngine(), cache: new core.MemoryEngine() });
  const key = 'smoke0123456789abcdef';
  await engine.create(key, { data: { n: 1 }, expiresAt: new Date(Date.now() + 60_000) });
  assert.deepEqual((await engine.load(key))?.data, { n: 1 }, '@sessionkit/cached-db round trip');
  await engine.close();
  assert.throws(
    () => cachedDb.createCachedDbEngine({}),
    core.ConfigError,
    '@sessionkit/cached-db throws core ConfigError',
  );
}
console.log('dist smoke: CJS and ESM builds load and share classes across entry points');
