/**
 * Lazy loading, proven per adapter and per engine: 1,000 requests that carry a valid session
 * cookie but never touch the session cause zero engine calls (a recording proxy sees every
 * method) and, with the signed-cookie engine, zero HMAC computations (a spy on node:crypto).
 * One request that does touch the session then shows the proxy and the spy have teeth.
 */
import { type SessionData, type SessionEngine, SessionManager } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import { createSignedCookieEngine } from '@sessionkit/signed-cookie';
import { recordCalls } from '../support/recording-engine';
import { ADAPTERS, withApp } from './support/apps';
import { ask, closeClient } from './support/client';
import type { Route } from './support/route';

// The real module object that the engines' compiled `require('node:crypto')` reads from.
const nodeCrypto = require('node:crypto') as typeof import('node:crypto');

const SECRET = 'lazy-loading-test-secret-of-at-least-32-bytes';
const REQUESTS = 1000;
const PARALLEL = 16;

interface EngineCase {
  name: string;
  make(): Promise<SessionEngine>;
}

const ENGINES: EngineCase[] = [
  {
    name: 'db (SQLite :memory:)',
    async make() {
      const engine = createDbEngine({ filename: ':memory:', secret: SECRET });
      await engine.migrate();
      return engine;
    },
  },
  { name: 'signed-cookie', make: async () => createSignedCookieEngine({ secret: SECRET }) },
];

const route: Route = async (session, { path }) => {
  if (path === '/touch') return { chunks: [String(await session.get('visits'))] };
  return { chunks: ['static'] };
};

jest.setTimeout(60_000);
afterAll(closeClient);
afterEach(() => jest.restoreAllMocks());

describe.each(ENGINES)('lazy loading with the $name engine', (engineCase) => {
  test.each(ADAPTERS)('$name: 1,000 untouched requests with a valid cookie cost nothing', async (adapter) => {
    const inner = await engineCase.make();
    try {
      // A real session, made through the public API on the unrecorded engine.
      const seeding = new SessionManager<SessionData>({ engine: inner }).open(undefined);
      await seeding.set('visits', 7);
      await seeding.save();
      const cookie = `sessionid=${seeding.key}`;

      const recording = recordCalls(inner);
      const manager = new SessionManager<SessionData>({ engine: recording.engine });
      // The signer's HMAC-SHA256 runs as two one-shot crypto.hash calls (createHmac on Node 20.11).
      const hmac = jest.spyOn(nodeCrypto, 'createHmac');
      const oneShot = jest.spyOn(nodeCrypto, 'hash');

      await withApp(adapter, manager, route, async (url) => {
        let unexpected = 0;
        for (let sent = 0; sent < REQUESTS; sent += PARALLEL) {
          const batch = Array.from({ length: Math.min(PARALLEL, REQUESTS - sent) }, () => ask(url, { cookie }));
          for (const res of await Promise.all(batch)) {
            if (res.status !== 200 || res.body !== 'static' || res.setCookies.length > 0 || res.headers.vary)
              unexpected++;
          }
        }
        expect(unexpected).toBe(0);
        expect(recording.calls).toEqual([]);
        expect(hmac).not.toHaveBeenCalled();
        expect(oneShot).not.toHaveBeenCalled();

        // Teeth: the same cookie, touched once, loads (and for signed cookies, verifies).
        const touched = await ask(url, { path: '/touch', cookie });
        expect(touched.body).toBe('7');
        expect(recording.calls).toEqual(['load']);
        if (engineCase.name === 'signed-cookie') {
          expect(hmac.mock.calls.length + oneShot.mock.calls.length).toBeGreaterThan(0);
        }
      });
    } finally {
      await inner.close();
    }
  });
});
