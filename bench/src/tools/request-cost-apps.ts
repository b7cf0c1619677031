/**
 * The apps request-cost.ts measures, and the server that runs one of them: this side runs under
 * callgrind, from request-cost.ts's bundle (`<bundle> serve <app>`); request-cost.ts drives it.
 */
import * as crypto from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

export const APPS = [
  'bare',
  'hand',
  'hand-hash',
  'memory',
  'sqlite',
  'signed',
  'none',
  'untouched',
  'ex-none',
  'ex-noop',
  'ex-untouched',
  'ex-memory',
  'es-memory',
  'ex-es-memory',
] as const;
/** Apps whose handler never reads the session: they answer "ok" and set no cookie; all but `bare` are sent one fixed session cookie. */
export const UNTOUCHED: readonly AppName[] = ['bare', 'none', 'untouched', 'ex-none', 'ex-noop', 'ex-untouched'];
export type AppName = (typeof APPS)[number];

const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256 = (text: string): string =>
  oneShot === undefined ? crypto.createHash('sha256').update(text).digest('hex') : oneShot('sha256', text, 'hex');

/** Starts `name`'s server on a free loopback port and prints `PORT <n>`; GET /exit ends the process. */
export async function serve(name: AppName): Promise<void> {
  const http = await import('node:http');
  const core = await import('@sessionkit/core');
  const { withSession, sessionMiddleware } = await import('@sessionkit/core/express');
  const { parse: parseCookie } = await import('cookie');
  const { sessionData } = await import('../payload.js');
  const payload = sessionData(1024);
  const SECRET = 'request-cost-secret-request-cost-secret-0123456789';
  const text = (res: import('node:http').ServerResponse, body: string): void => {
    res.setHeader('Content-Type', 'text/plain');
    res.end(body);
  };
  type Listener = import('node:http').RequestListener;
  const bump = async (session: unknown): Promise<string> => {
    const s = session as import('@sessionkit/core').Session;
    const n = (await s.get('n')) as number | undefined;
    if (n === undefined) await s.update(structuredClone(payload));
    await s.set('n', (n ?? 0) + 1);
    return String((n ?? 0) + 1);
  };
  const ours = (engine: import('@sessionkit/core').SessionEngine): Listener => {
    const manager = new core.SessionManager({ engine });
    return withSession(manager, async (req, res) => text(res, await bump(req.session)));
  };
  /** Express 5 with an optional middleware before GET /rw (loaded only for these apps). */
  const onExpress = async (use: import('express').RequestHandler | undefined, touch: boolean): Promise<Listener> => {
    const { default: express } = await import('express');
    const app = express();
    if (use !== undefined) app.use(use);
    app.get('/rw', async (req, res) => {
      res.send(touch ? await bump((req as { session?: unknown }).session) : 'ok');
    });
    return app as unknown as Listener;
  };
  const memoryManager = (): import('@sessionkit/core').SessionManager =>
    new core.SessionManager({ engine: new core.MemoryEngine() });
  /** The same read+write by hand: what the work costs with no framework around it. */
  const hand = (hashAndExpire: boolean): Listener => {
    const store = new Map<string, { json: string; expiresAt: number }>();
    const age = 1_209_600;
    return (req, res) => {
      const cookies = parseCookie(req.headers.cookie ?? '');
      let key = cookies.sessionid;
      // Hashed once per request, one-shot (crypto.hash, as core's hashKey).
      const storageKey = (k: string): string => (hashAndExpire ? sha256(k) : k);
      let stored = key === undefined ? undefined : storageKey(key);
      let entry = stored === undefined ? undefined : store.get(stored);
      if (entry !== undefined && hashAndExpire && entry.expiresAt <= Date.now()) entry = undefined;
      const data = entry === undefined ? structuredClone(payload) : (JSON.parse(entry.json) as Record<string, number>);
      if (entry === undefined || key === undefined || stored === undefined) {
        key = randomBytes(16).toString('hex');
        stored = storageKey(key);
      }
      const n = ((data.n as number | undefined) ?? 0) + 1;
      data.n = n;
      const now = Date.now();
      store.set(stored, { json: JSON.stringify(data), expiresAt: now + age * 1000 });
      res.setHeader(
        'Set-Cookie',
        `sessionid=${key}; Max-Age=${age}; Path=/; Expires=${new Date(now + age * 1000).toUTCString()}; HttpOnly; SameSite=Lax`,
      );
      res.setHeader('Vary', 'Cookie');
      res.setHeader('Cache-Control', 'private');
      text(res, String(n));
    };
  };
  const bare: Listener = (_req, res) => text(res, 'ok');
  let listener: Listener;
  if (name === 'bare' || name === 'none') listener = bare;
  else if (name === 'hand') listener = hand(false);
  else if (name === 'hand-hash') listener = hand(true);
  else if (name === 'memory') listener = ours(new core.MemoryEngine());
  else if (name === 'signed') {
    const { createSignedCookieEngine } = await import('@sessionkit/signed-cookie');
    listener = ours(createSignedCookieEngine({ secret: SECRET }));
  } else if (name === 'sqlite') {
    const { createDbEngine } = await import('@sessionkit/db');
    const dir = mkdtempSync(join('/dev/shm', 'request-cost-'));
    const engine = createDbEngine({ filename: join(dir, 'sessions.db'), secret: SECRET });
    await engine.migrate?.();
    listener = ours(engine);
  } else if (name === 'ex-none') listener = await onExpress(undefined, false);
  else if (name === 'ex-noop') listener = await onExpress((_req, _res, next) => next(), false);
  else if (name === 'ex-untouched') listener = await onExpress(sessionMiddleware(memoryManager()), false);
  else if (name === 'ex-memory') listener = await onExpress(sessionMiddleware(memoryManager()), true);
  else if (name === 'es-memory' || name === 'ex-es-memory') {
    // The peer: express-session with its MemoryStore, as in the bench's HTTP suites.
    const { default: session } = await import('express-session');
    const middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void = session({
      secret: SECRET,
      resave: false,
      saveUninitialized: false,
      cookie: { maxAge: 1_209_600_000 },
      store: new session.MemoryStore(),
    });
    const { bumpObject } = await import('../http/bump-object.js');
    const bumpPlain = (req: unknown): string =>
      bumpObject((req as { session: Record<string, unknown> }).session, payload);
    if (name === 'ex-es-memory') {
      const { default: express } = await import('express');
      listener = express()
        .use(middleware)
        .get('/rw', (req, res) => {
          res.send(bumpPlain(req));
        }) as unknown as Listener;
    } else {
      listener = (req, res) => middleware(req, res, () => text(res, bumpPlain(req)));
    }
  } else listener = withSession(memoryManager(), bare);
  const server = http.createServer((req, res) => {
    if (req.url === '/exit') {
      res.end('bye', () => process.exit(0));
      return;
    }
    listener(req, res);
  });
  server.keepAliveTimeout = 600_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`PORT ${typeof address === 'object' && address !== null ? address.port : 0}\n`);
  });
}
