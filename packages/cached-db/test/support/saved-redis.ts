import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisServerSpec, type SpawnedServer, startServer } from '@sessionkit/test-services';
import { Redis } from 'ioredis';
import { sleep } from './engines';

export interface SavedRedis {
  readonly url: string;
  /** A plain client for looking at what the cache holds. */
  readonly raw: Redis;
  /**
   * Saves the cache to disk, kills it, runs `during`, waits until `downMs` have passed since
   * the kill (at least long enough for clients to give up on what they queued), and restarts
   * it from the saved file: the cache returns holding what it held before the outage.
   */
  outage(during: () => Promise<void>, downMs?: number): Promise<void>;
}

/**
 * A redis-server of the test file's own that keeps its data across a restart (an RDB file,
 * saved just before each kill): without that there would be nothing stale to serve.
 * Registers beforeAll/afterAll.
 */
export function savedRedis(): SavedRedis {
  let dir = '';
  let server: SpawnedServer | undefined;
  let raw: Redis | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sk-cdb-rdb-'));
    server = await startServer(redisServerSpec(() => ['--dir', dir, '--dbfilename', 'cache.rdb']));
    raw = new Redis(server.port, '127.0.0.1', { maxRetriesPerRequest: 1, lazyConnect: true });
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const running = (): SpawnedServer => {
    if (server === undefined) throw new Error('redis-server is not started yet');
    return server;
  };
  return {
    get url() {
      return `redis://127.0.0.1:${running().port}`;
    },
    get raw() {
      if (raw === undefined) throw new Error('redis-server is not started yet');
      return raw;
    },
    async outage(during, downMs = 1500) {
      await this.raw.save();
      const killedAt = Date.now();
      await running().kill();
      await during();
      await sleep(Math.max(1500, downMs - (Date.now() - killedAt)));
      await running().start();
    },
  };
}
