import * as apps from './apps.js';
import * as hand from './hand-written.js';
import * as peers from './peer-apps.js';
import type { Framework, HttpApp } from './apps.js';

/**
 * Every HTTP app by id, so that a server process of its own (src/http/host.ts) can build the
 * same app as the parent, which builds it only to read its name and shape.
 */
export const HTTP_APPS = {
  'bare-root': (f: Framework) => apps.bareApp(f, '/'),
  'bare-rw': (f: Framework) => apps.bareApp(f, '/rw'),
  'ours-untouched': apps.oursUntouched,
  'express-session-untouched': peers.expressSessionUntouched,
  'express-noop-layer': () => peers.expressNoopLayer(),
  'hand-memory': () => hand.handMemoryRw(),
  'hand-sqlite': () => hand.handSqliteRw(),
  'hand-signed-cookie': () => hand.handSignedCookieRw(),
  'hand-redis': () => hand.handRedisRw(),
  'ours-memory': apps.oursMemoryRw,
  'ours-sqlite': apps.oursSqliteRw,
  'ours-redis': apps.oursRedisRw,
  'ours-signed-cookie': apps.oursSignedCookieRw,
  'express-session-memory': peers.expressSessionMemoryRw,
  'express-session-memorystore': peers.expressSessionMemorystoreRw,
  'express-session-sqlite': peers.expressSessionSqliteRw,
  'express-session-knex': peers.expressSessionKnexRw,
  'express-session-redis': peers.expressSessionRedisRw,
  'cookie-session': peers.cookieSessionRw,
} satisfies Record<string, (framework: Framework) => HttpApp>;

export type HttpAppId = keyof typeof HTTP_APPS;

/** One app of a suite: which, on which framework. */
export interface AppRef {
  id: HttpAppId;
  framework: Framework;
}

export function buildApp(ref: AppRef): HttpApp {
  return HTTP_APPS[ref.id](ref.framework);
}
