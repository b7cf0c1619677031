import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { RedisStore as ConnectRedis9 } from 'connect-redis9';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import cookieSession from 'cookie-session';
import express from 'express';
import session from 'express-session';
import betterSqlite3SessionStore from 'better-sqlite3-session-store';
import createMemoryStore from 'memorystore';
import { createClient } from 'redis';
import { SECRET, TWO_WEEKS_MS } from '../payload.js';
import { REDIS_URL } from '../store/cache.js';
import { dropWithNewClient } from '../store/cache-peers.js';
import { openSqlite, PRAGMA_NOTE, sqliteKnex } from '../store/sqlite.js';
import { scratch } from '../workdir.js';
import { type Framework, type HttpApp, PAYLOAD, serve, text } from './apps.js';
import { bumpObject } from './bump-object.js';

/** The peers' HTTP apps (express-session with its stores, cookie-session) and Express's reference row. */

/**
 * Express with one middleware that only calls next(): what any `app.use` layer costs Express
 * (router dispatch, its per-layer bookkeeping). A reference, not a session library.
 */
export function expressNoopLayer(): HttpApp {
  return {
    name: 'Express 5 + a no-op app.use (reference)',
    group: 'peer',
    note: 'reference, not a session library: app.use((req, res, next) => next()) before the same route',
    path: '/',
    kind: 'untouched',
    listen: () =>
      serve(
        express()
          .use((_req, _res, next) => next())
          .get('/', (_req, res) => {
            res.send('ok');
          }) as unknown as RequestListener,
      ),
  };
}

/** express-session on a request that never touches the session (informational). */
export function expressSessionUntouched(framework: Framework): HttpApp {
  const middleware = session({
    secret: SECRET,
    resave: false,
    saveUninitialized: false,
    store: new session.MemoryStore(),
  });
  return {
    name: 'express-session 1.19.0 untouched (MemoryStore)',
    group: 'peer',
    note: 'resave: false, saveUninitialized: false',
    path: '/',
    kind: 'untouched',
    listen: () => listenWith(framework, middleware, '/', (_req) => 'ok'),
  };
}

/** Mounts a connect-style middleware and a handler, on bare node:http or Express. */
function listenWith(
  framework: Framework,
  middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void,
  path: string,
  handle: (req: IncomingMessage) => string,
): Promise<Server> {
  if (framework === 'node') {
    return serve((req, res) =>
      middleware(req, res, (error) => {
        if (error) {
          res.statusCode = 500;
          text(res, String(error));
          return;
        }
        text(res, handle(req));
      }),
    );
  }
  return serve(
    express()
      .use(middleware)
      .get(path, (req, res) => {
        res.send(handle(req));
      }) as unknown as RequestListener,
  );
}

function expressSessionRw(
  framework: Framework,
  name: string,
  note: string,
  store: () => unknown,
  close?: () => Promise<void>,
): HttpApp {
  return {
    name,
    group: 'peer',
    note,
    path: '/rw',
    kind: 'readwrite',
    async listen() {
      const middleware = session({
        secret: SECRET,
        resave: false,
        saveUninitialized: false,
        cookie: { maxAge: TWO_WEEKS_MS },
        store: await store(),
      });
      return listenWith(framework, middleware, '/rw', (req) =>
        bumpObject((req as unknown as { session: Record<string, unknown> }).session, PAYLOAD),
      );
    },
    close,
  };
}

export const expressSessionMemoryRw = (framework: Framework): HttpApp =>
  expressSessionRw(
    framework,
    'express-session 1.19.0 + MemoryStore',
    'resave: false, saveUninitialized: false, maxAge 2 weeks',
    () => new session.MemoryStore(),
  );

export const expressSessionMemorystoreRw = (framework: Framework): HttpApp => {
  const MemoryStore = createMemoryStore(session);
  return expressSessionRw(
    framework,
    'express-session + memorystore 1.6.8',
    'LRU store; checkPeriod 1 day',
    () => new MemoryStore({ checkPeriod: 86_400_000 }),
  );
};

export const expressSessionSqliteRw = (framework: Framework): HttpApp => {
  const SqliteStore = betterSqlite3SessionStore(session);
  let db: ReturnType<typeof openSqlite> | undefined;
  return expressSessionRw(
    framework,
    'express-session + better-sqlite3-session-store 0.1.0',
    `client opened by us with ${PRAGMA_NOTE}`,
    () => {
      db = openSqlite(scratch(`http-${framework}-bs3.db`));
      return new SqliteStore({ client: db, expired: { clear: false } });
    },
    async () => {
      db?.close();
    },
  );
};

/** connect-redis 9 on node-redis 5 (the fastest Redis peer of the store suites). */
export const expressSessionRedisRw = (framework: Framework): HttpApp => {
  const prefix = `bench:http-${framework}-connect-redis9:`;
  let client: ReturnType<typeof createClient> | undefined;
  return expressSessionRw(
    framework,
    'express-session + connect-redis 9.0.0 (redis 5)',
    'one node-redis connection, REDIS_URL',
    async () => {
      client = createClient({ url: REDIS_URL });
      await client.connect();
      return new ConnectRedis9({ client, prefix });
    },
    async () => {
      await dropWithNewClient(prefix);
      await client?.quit();
    },
  );
};

export const expressSessionKnexRw = (framework: Framework): HttpApp => {
  let db: ReturnType<typeof sqliteKnex> | undefined;
  return expressSessionRw(
    framework,
    'express-session + connect-session-knex 5.0.0',
    `knex on better-sqlite3, ${PRAGMA_NOTE}`,
    () => {
      db = sqliteKnex(scratch(`http-${framework}-csk.db`));
      return new ConnectSessionKnexStore({ knex: db, tableName: 'bench_csk', cleanupInterval: 0 });
    },
    async () => db?.destroy(),
  );
};

export function cookieSessionRw(framework: Framework): HttpApp {
  return {
    name: 'cookie-session 2.1.1',
    group: 'peer',
    note: 'keys: [secret], maxAge 2 weeks',
    path: '/rw',
    kind: 'readwrite',
    listen: () =>
      listenWith(framework, cookieSession({ name: 'session', keys: [SECRET], maxAge: TWO_WEEKS_MS }), '/rw', (req) =>
        bumpObject((req as unknown as { session: Record<string, unknown> }).session, PAYLOAD),
      ),
  };
}
