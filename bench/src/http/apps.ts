import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import {
  MemoryEngine,
  type SessionData,
  type SessionEngine,
  type SessionRecord,
  SessionManager,
} from '@sessionkit/core';
import { getSession, sessionMiddleware, withSession } from '@sessionkit/core/express';
import { createCacheEngine } from '@sessionkit/cache';
import { createDbEngine } from '@sessionkit/db';
import { createSignedCookieEngine } from '@sessionkit/signed-cookie';
import express from 'express';
import type { Group } from '../harness/types.js';
import { SECRET, sessionData } from '../payload.js';
import { REDIS_URL } from '../store/cache.js';
import { dropWithNewClient } from '../store/cache-peers.js';
import { scratch } from '../workdir.js';

export type Framework = 'node' | 'express';

/**
 * One HTTP contender: an app on a real server on 127.0.0.1.
 * - `bare`: the limit, no session middleware; answers 'ok'. Its requests carry the same
 *   session cookie as `untouched` ones, so both servers parse the same bytes.
 * - `untouched`: session middleware installed, handler never touches the session; every
 *   request carries the same session cookie; answers 'ok' and must set no cookie.
 * - `readwrite`: reads the visitor's counter and writes it back (a new visitor's session is
 *   filled with the ~1 KB payload first); answers the new count. Each load-generator
 *   connection is one visitor and keeps its cookies.
 */
export interface HttpApp {
  readonly name: string;
  readonly group: Group;
  readonly note?: string;
  readonly path: string;
  readonly kind: 'bare' | 'untouched' | 'readwrite';
  listen(): Promise<Server>;
  /** Extra checks after the common ones (e.g. "no storage I/O happened"). */
  check?(): void;
  close?(): Promise<void>;
}

/** The cookie every `fixed` request carries: a well-formed key nobody holds. */
export const FIXED_COOKIE = 'sessionid=k3v9q2m8x4c7n1b6z5h0j2w8r4t6y1u3';
export const PAYLOAD = sessionData(1024);

export function serve(listener: RequestListener): Promise<Server> {
  const server = createServer(listener);
  // Rounds of other contenders come between two rounds of this one: keep idle connections.
  server.keepAliveTimeout = 600_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export function text(res: ServerResponse, body: string): void {
  res.setHeader('Content-Type', 'text/plain');
  res.end(body);
}

/** The same step on our Session. */
async function bumpOurs(req: IncomingMessage): Promise<string> {
  const s = getSession<SessionData>(req);
  const n = (await s.get('n')) as number | undefined;
  if (n === undefined) await s.update(structuredClone(PAYLOAD));
  await s.set('n', (n ?? 0) + 1);
  return String((n ?? 0) + 1);
}

/** A MemoryEngine that counts loads, so the untouched check can prove no storage I/O happened. */
class CountingMemoryEngine extends MemoryEngine {
  loads = 0;
  override async load(key: string): Promise<SessionRecord | null> {
    this.loads++;
    return super.load(key);
  }
}

// ---- the apps, for node:http and Express 5 ------------------------------------------------

/** The limit: the same app with no session middleware. */
export function bareApp(framework: Framework, path: string): HttpApp {
  return {
    name: framework === 'node' ? 'bare node:http' : 'bare Express 5 app',
    group: 'limit',
    note: 'the same server and handler with no session middleware',
    path,
    kind: 'bare',
    listen: () =>
      framework === 'node'
        ? serve((_req, res) => text(res, 'ok'))
        : serve(
            express().get(path, (_req, res) => {
              res.send('ok');
            }) as unknown as RequestListener,
          ),
  };
}

/** Ours on a request that never touches the session. */
export function oursUntouched(framework: Framework): HttpApp {
  const engine = new CountingMemoryEngine();
  const manager = new SessionManager({ engine });
  return {
    name: 'ours: untouched (MemoryEngine)',
    group: 'ours',
    note: 'session middleware installed, handler never reads req.session; request carries a session cookie',
    path: '/',
    kind: 'untouched',
    listen: () =>
      framework === 'node'
        ? serve(withSession(manager, (_req, res) => text(res, 'ok')))
        : serve(
            express()
              .use(sessionMiddleware(manager))
              .get('/', (_req, res) => {
                res.send('ok');
              }) as unknown as RequestListener,
          ),
    check() {
      if (engine.loads !== 0) throw new Error(`untouched requests loaded the session ${engine.loads} times`);
    },
  };
}

/** Any SessionEngine behind core's adapter, reading and writing the session: a new engine is one call of this. */
export function oursReadWrite(
  framework: Framework,
  name: string,
  note: string,
  engine: () => SessionEngine,
  cleanup?: () => Promise<void>,
): HttpApp {
  let made: SessionEngine | undefined;
  return {
    name,
    group: 'ours',
    note,
    path: '/rw',
    kind: 'readwrite',
    async listen() {
      made = engine();
      await made.migrate?.();
      const manager = new SessionManager({ engine: made });
      if (framework === 'node') {
        return serve(withSession(manager, async (req, res) => text(res, await bumpOurs(req))));
      }
      return serve(
        express()
          .use(sessionMiddleware(manager))
          .get('/rw', async (req, res) => {
            res.send(await bumpOurs(req));
          }) as unknown as RequestListener,
      );
    },
    close: async () => {
      await cleanup?.();
      await made?.close();
    },
  };
}

export const oursMemoryRw = (framework: Framework): HttpApp =>
  oursReadWrite(framework, 'ours: MemoryEngine', 'defaults (hashed keys)', () => new MemoryEngine());

export const oursSqliteRw = (framework: Framework): HttpApp =>
  oursReadWrite(
    framework,
    'ours: db engine on SQLite',
    '{ filename, secret } defaults: hashed keys, Django-signed codec',
    () => createDbEngine({ filename: scratch(`http-${framework}-ours.db`), secret: SECRET }),
  );

export const oursRedisRw = (framework: Framework): HttpApp => {
  const prefix = `bench:http-${framework}-ours:`;
  return oursReadWrite(
    framework,
    'ours: cache engine on Redis',
    '{ redis, secret } defaults: hashed keys, Django-signed codec',
    () => createCacheEngine({ redis: REDIS_URL, prefix, secret: SECRET, warnOnEviction: false }),
    () => dropWithNewClient(prefix),
  );
};

export const oursSignedCookieRw = (framework: Framework): HttpApp =>
  oursReadWrite(framework, 'ours: signed-cookie engine', '{ secret } defaults (compresses ≥512 B JSON)', () =>
    createSignedCookieEngine({ secret: SECRET }),
  );
