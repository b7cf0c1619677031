import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SessionManager } from '@sessionkit/core';
import { CsrfError, createCsrf, expressCsrf } from '@sessionkit/core/csrf';
import { withSession } from '@sessionkit/core/express';
import { createMessages, expressMessages } from '@sessionkit/core/messages';
import { createDemoAuth } from './account';
import type { DemoData } from './data';
import { type EngineChoice, openEngine, parseEngineChoice } from './engines';
import { type Middleware, HttpError, escapeHtml, formBody, runMiddleware, sendHtml, sendJson } from './http-util';
import { type DemoRequest, routes } from './routes';
import { resolveSecret } from './secret';
import { createUserTable } from './users';

export interface DemoOptions {
  /** 0 picks a free port. Default: PORT, else 3000. */
  port?: number;
  host?: string;
  /** Default: SESSION_ENGINE, else 'db'. */
  engine?: EngineChoice;
  /** SQLite file for the db engine (':memory:' allowed). Default: .data/sessions.sqlite3. */
  sqliteFile?: string;
  /** Default: SESSION_SECRET, else a generated development secret. */
  secret?: string;
  /** The session cookie's Secure: true, false or 'auto' (HTTPS requests only). Default: SESSION_COOKIE_SECURE, else 'auto'. */
  cookieSecure?: boolean | 'auto';
  /** Where start-up notes go; silent in tests. */
  say?: (line: string) => void;
}

export interface RunningDemo {
  url: string;
  port: number;
  server: Server;
  engineLabel: string;
  close(): Promise<void>;
}

const DATA_DIR = join(__dirname, '..', '.data');

/** Starts the demo server; resolves once it is listening. */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const env = process.env;
  const say = options.say ?? (() => {});
  const secret = options.secret ?? resolveSecret(env.SESSION_SECRET, join(DATA_DIR, 'dev-secret'), say);
  // Before the engine opens: these throw on a bad secret, with nothing to close yet.
  const users = await createUserTable();
  const auth = createDemoAuth(secret, users);
  const sqliteFile = options.sqliteFile ?? join(DATA_DIR, 'sessions.sqlite3');
  // With SESSION_SECRET set nothing else creates the data folder, and SQLite will not.
  if (sqliteFile !== ':memory:') mkdirSync(dirname(sqliteFile), { recursive: true });
  const opened = await openEngine({
    choice: options.engine ?? parseEngineChoice(env.SESSION_ENGINE),
    secret,
    sqliteFile,
    pgUrl: env.PG_URL || undefined,
    mysqlUrl: env.MYSQL_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    memcachedServers: env.MEMCACHED_SERVERS || undefined,
  });
  const manager = new SessionManager<DemoData>({
    engine: opened.engine,
    cookie: { secure: options.cookieSecure ?? parseCookieSecure(env.SESSION_COOKIE_SECURE) },
  });
  // The messages cookie takes the session cookie's attributes, as Django's takes SESSION_COOKIE_*
  // ('auto' included: Secure when the request came over HTTPS).
  const messages = createMessages({ secret, manager });
  const csrf = createCsrf();
  const table = routes({ engineLabel: opened.label, auth, users });
  // In this order, as in an Express app: messages (stored before the session commits), a form
  // parser, then the CSRF check, which rejects an unsafe request before its route runs.
  const stack: Middleware[] = [expressMessages(messages), formBody, expressCsrf(csrf)];

  const server = createServer(
    withSession(manager, async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://demo').pathname;
      const handler = table.get(`${req.method} ${path}`);
      try {
        if (handler === undefined) throw new HttpError(404, 'not found');
        await runMiddleware(stack, req, res);
        await handler(req as DemoRequest, res);
      } catch (error) {
        const failure = answerable(error);
        if (failure === null) throw error; // withSession answers 500 / 503
        if (path.startsWith('/api/')) sendJson(res, failure.json, failure.status);
        else
          sendHtml(
            res,
            `<!doctype html><title>${failure.status}</title><p>${failure.status}: ${escapeHtml(failure.text)}</p><p><a href="/">Home</a></p>`,
            failure.status,
          );
      }
    }),
  );
  const host = options.host ?? 'localhost';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? Number(env.PORT ?? 3000), host, resolve);
    });
  } catch (error) {
    await opened.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    engineLabel: opened.label,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await opened.close();
    },
  };
}

/** A client error to answer as is: the route's own, or a CSRF rejection with Django's reason. */
function answerable(error: unknown): { status: number; text: string; json: object } | null {
  if (error instanceof HttpError) return { status: error.status, text: error.message, json: { error: error.message } };
  if (error instanceof CsrfError) {
    const text = 'CSRF verification failed. Request aborted.';
    return { status: error.status, text: `${text} ${error.reason}`, json: { error: text, reason: error.reason } };
  }
  return null;
}

/** SESSION_COOKIE_SECURE: 'true', 'false' or 'auto' (the default: Secure on HTTPS requests). */
export function parseCookieSecure(value: string | undefined): boolean | 'auto' {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new Error(`SESSION_COOKIE_SECURE must be true, false or auto, not ${JSON.stringify(value)}`);
}
