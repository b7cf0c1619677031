import { readFileSync } from 'node:fs';

// Every entry through import(), as an ES module app loads them.
// Every package and subpath entry a user can load (entries.json, shared with load-cjs.cjs).
const entries = JSON.parse(readFileSync(new URL('./entries.json', import.meta.url), 'utf8'));
const out = {};
for (const entry of entries) out[entry] = Object.keys(await import(entry)).length;
const core = await import('@sessionkit/core');
const db = await import('@sessionkit/db');
// One class identity across entries and packages: an engine's errors are core's errors.
out.sameErrors =
  (await import('@sessionkit/core/express')).sessionMiddleware !== undefined &&
  db.createDbEngine !== undefined &&
  core.SessionError !== undefined;
process.stdout.write(JSON.stringify(out));
