// An ES module app, type-checked strictly against the published .d.mts files.
import { type SessionEngine, MemoryEngine, SessionManager, ConfigError, createStderrLogger } from '@sessionkit/core';
import { sessionMiddleware } from '@sessionkit/core/express';
import { sessionPlugin } from '@sessionkit/core/fastify';
import { honoSession, withSession } from '@sessionkit/core/fetch';
import { sessionMiddleware as koaSession } from '@sessionkit/core/koa';
import { createAuth } from '@sessionkit/core/auth';
import { createMessages } from '@sessionkit/core/messages';
import { createCsrf } from '@sessionkit/core/csrf';
import { createDbEngine } from '@sessionkit/db';
import { createSignedCookieEngine } from '@sessionkit/signed-cookie';
import { runEngineConformance, nodeTestHarness } from '@sessionkit/conformance';
import { createCachedDbEngine } from '@sessionkit/cached-db';

interface Data {
  visits?: number;
  cart?: { sku: string; qty: number }[];
}

const engine: SessionEngine = createDbEngine({ filename: ':memory:' });
const manager = new SessionManager<Data>({
  engine,
  cookie: { secure: 'auto', priority: 'high' },
  logger: false,
});
export async function visit(): Promise<number> {
  const s = await manager.open(undefined).data();
  s.visits = (s.visits ?? 0) + 1;
  // @ts-expect-error a string is not a number
  s.visits = 'one';
  return s.visits ?? 0;
}
export const pieces = [
  sessionMiddleware,
  sessionPlugin,
  honoSession,
  withSession,
  koaSession,
  createAuth,
  createMessages,
  createCsrf,
  createSignedCookieEngine,
  createCachedDbEngine,
  runEngineConformance,
  nodeTestHarness,
  MemoryEngine,
  ConfigError,
  createStderrLogger,
];
