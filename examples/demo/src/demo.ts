import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SessionManager } from '@sessionkit/core';
import { withSession } from '@sessionkit/core/express';
import type { DemoData } from './data';
import { type EngineChoice, openEngine, parseEngineChoice } from './engines';
import { HttpError, sendHtml, sendJson } from './http-util';
import { routes } from './routes';
import { resolveSecret } from './secret';

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
  const opened = await openEngine({
    choice: options.engine ?? parseEngineChoice(env.SESSION_ENGINE),
    secret,
    sqliteFile: options.sqliteFile ?? join(DATA_DIR, 'sessions.sqlite3'),
    pgUrl: env.PG_URL || undefined,
    mysqlUrl: env.MYSQL_URL || undefined,
  });
  const manager = new SessionManager<DemoData>({ engine: opened.engine });
  const table = routes(opened.label);

  const server = createServer(
    withSession(manager, async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://demo').pathname;
      const handler = table.get(`${req.method} ${path}`);
      try {
        if (handler === undefined) throw new HttpError(404, 'not found');
        await handler(req, res);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error; // withSession answers 500 / 503
        if (path.startsWith('/api/')) sendJson(res, { error: error.message }, error.status);
        else
          sendHtml(
            res,
            `<!doctype html><title>${error.status}</title><p>${error.status}: ${error.message}</p><p><a href="/">Home</a></p>`,
            error.status,
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
