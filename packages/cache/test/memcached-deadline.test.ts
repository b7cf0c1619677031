import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { EngineUnavailableError, generateSessionKey, type SessionRecord } from '@sessionkit/core/engine';
import { createCacheEngine, type CacheEngine } from '@sessionkit/cache';
import { TEST_SECRET, uniquePrefix } from './support/names';

const DEADLINE_MS = 200;
/** The sweep's period (a tenth of the deadline) plus event-loop lag on a loaded machine. */
const SLACK_MS = 300;

/** A "server" that accepts connections and reads every command, answering none. */
async function silentServer(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, sockets };
}

const record = (): SessionRecord => ({ data: { n: 1 }, expiresAt: new Date(Date.now() + 60_000) });

/** Each engine call against a server that never answers: the engine's typed timeout, on time. */
describe('cache engine on Memcached: every call fails by the deadline when the server never answers', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  beforeAll(async () => {
    silent = await silentServer();
  });
  afterAll(async () => {
    for (const socket of silent.sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.server.close(() => resolve()));
  });

  describe.each(['memcached', 'memjs'] as const)('through %s', (client) => {
    let engine: CacheEngine;
    beforeAll(async () => {
      const servers = [`127.0.0.1:${silent.port}`];
      engine = createCacheEngine({
        ...(client === 'memcached' ? { memcached: { servers } } : { memjs: { servers } }),
        prefix: uniquePrefix('deadline'),
        secret: TEST_SECRET,
        operationTimeoutMs: DEADLINE_MS,
      });
      await engine.store();
    });
    afterAll(async () => {
      await engine.close();
    });

    const calls: [string, (engine: CacheEngine) => Promise<unknown>][] = [
      ['load', (e) => e.load(generateSessionKey())],
      ['update', (e) => e.update(generateSessionKey(), record())],
      ['create', (e) => e.create(generateSessionKey(), record())],
      ['delete', (e) => e.delete(generateSessionKey())],
      ['exists', (e) => e.exists(generateSessionKey())],
      ...(client === 'memcached'
        ? ([
            [
              'touch',
              (e) =>
                (e.touch as NonNullable<CacheEngine['touch']>)(generateSessionKey(), new Date(Date.now() + 60_000)),
            ],
            ['update', (e) => e.update(generateSessionKey(), record(), { expectedVersion: 'v1' })],
          ] as [string, (engine: CacheEngine) => Promise<unknown>][])
        : []),
    ];

    it.each(calls)('%s', async (operation, call) => {
      const started = Date.now();
      const outcome = await call(engine).then(
        () => new Error('resolved'),
        (error: unknown) => error,
      );
      const waited = Date.now() - started;
      expect(outcome).toBeInstanceOf(EngineUnavailableError);
      // memjs's own timeout (the deadline, at most 1 s) may answer first, as a driver failure.
      if (client === 'memcached') {
        expect((outcome as Error).message).toBe(`[cache:memcached] ${operation} timed out after ${DEADLINE_MS} ms`);
      }
      expect(waited).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
      expect(waited).toBeLessThan(DEADLINE_MS + SLACK_MS);
    });
  });
});
