import { ok, strictEqual } from 'node:assert/strict';
import type { Server } from 'node:http';
import type { Contender, SuiteSpec } from '../harness/types.js';
import { Connection, type LoadResult } from './client.js';
import type { Loadgen } from './driver.js';
import { FIXED_COOKIE, type HttpApp } from './apps.js';

/** Keep-alive connections per contender: enough to keep one server core busy, bounded. */
export const CONNECTIONS = 8;

/** The round-trip check, from this process over a fresh connection. */
async function checkApp(app: HttpApp, port: number): Promise<void> {
  const connection = await Connection.open(port);
  try {
    if (app.kind === 'readwrite') {
      const first = await connection.get(app.path);
      strictEqual(first.status, 200, `${app.name}: ${first.body.slice(0, 200)}`);
      strictEqual(first.body, '1', `${app.name}: a new visitor's first count`);
      ok(connection.jar.size > 0, `${app.name}: no session cookie was set`);
      const second = await connection.get(app.path);
      strictEqual(second.body, '2', `${app.name}: the session did not carry the count to the next request`);
    } else {
      if (app.kind === 'untouched') {
        const eq = FIXED_COOKIE.indexOf('=');
        connection.jar.set(FIXED_COOKIE.slice(0, eq), FIXED_COOKIE.slice(eq + 1));
      }
      const response = await connection.get(app.path);
      strictEqual(response.status, 200, `${app.name}: ${response.body.slice(0, 200)}`);
      strictEqual(response.body, 'ok');
      if (app.kind === 'untouched')
        strictEqual(response.setCookies.length, 0, `${app.name}: an untouched request set a cookie`);
    }
  } finally {
    connection.close();
  }
  app.check?.();
}

export function httpContender(app: HttpApp, loadgen: () => Loadgen, suiteId: string): Contender {
  let server: Server | undefined;
  let port = 0;
  const target = `${suiteId}/${app.name}`;
  return {
    name: app.name,
    group: app.group,
    note: app.note,
    async setup() {
      server = await app.listen();
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      port = address.port;
      await loadgen().request({
        type: 'open',
        target,
        port,
        connections: CONNECTIONS,
        cookie: app.kind === 'untouched' ? FIXED_COOKIE : undefined,
        warmPath: app.kind === 'readwrite' ? app.path : undefined,
      });
    },
    check: () => checkApp(app, port),
    async round(budget) {
      const result = await loadgen().request<LoadResult>({
        type: 'round',
        target,
        path: app.path,
        maxRequests: budget.maxOps,
        maxMs: budget.maxMs,
      });
      if (result.errors > 0) throw new Error(`${result.errors} failed requests, first: ${result.firstError}`);
      return { ops: result.ops, elapsedMs: result.elapsedMs, latenciesUs: result.latenciesUs };
    },
    async teardown() {
      await loadgen()
        .request({ type: 'close', target })
        .catch(() => {});
      if (server !== undefined) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server?.close(() => resolve()));
      }
      await app.close?.();
    },
  };
}

export interface HttpSuiteOptions {
  id: string;
  title: string;
  description: string;
  rounds: number;
  maxMs: number;
}

/** A suite of HTTP contenders sharing one load-generator child process. */
export function httpSuite(apps: HttpApp[], options: HttpSuiteOptions, loadgen: () => Loadgen): SuiteSpec {
  return {
    id: options.id,
    title: options.title,
    unit: 'request',
    description: options.description,
    rounds: options.rounds,
    budget: { maxOps: 100_000, maxMs: options.maxMs },
    warmup: { maxOps: 100_000, maxMs: 200 },
    contenders: apps.map((app) => httpContender(app, loadgen, options.id)),
  };
}
