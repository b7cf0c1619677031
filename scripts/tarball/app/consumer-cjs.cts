// A CommonJS app, type-checked strictly against the published .d.ts files.
import { SessionManager, MemoryEngine } from '@sessionkit/core';
import { sessionMiddleware } from '@sessionkit/core/express';
import { createDbEngine } from '@sessionkit/db';
import { createSignedCookieEngine } from '@sessionkit/signed-cookie';
import { jestHarness } from '@sessionkit/conformance';

const manager = new SessionManager<{ visits?: number }>({ engine: new MemoryEngine() });
export async function visit(): Promise<number | undefined> {
  const s = await manager.open(undefined).data();
  s.visits = (s.visits ?? 0) + 1;
  return s.visits;
}
export const pieces = [sessionMiddleware, createDbEngine, createSignedCookieEngine, jestHarness];
