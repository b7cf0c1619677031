import { type CachedDbEngine, createCachedDbEngine } from '@sessionkit/cached-db';
import { describeWithBinaries } from '@sessionkit/test-services';
import { uniquePrefix } from '../../cache/test/support/names';
import { redisEngine } from '../../cache/test/support/redis';
import { freshKey, sleep, sqliteDb } from './support/engines';
import { savedRedis } from './support/saved-redis';

const CLIENTS = 8;
const REQUESTS = 300;
const OUTAGE_MS = 5000;
/** Pause between one client's requests: spreads the 300 over the outage and after it. */
const PACE_MS = 200;

interface Tally {
  requests: number;
  errors: string[];
  lost: number;
  staleAfterReturn: number;
  staleDuringOrBefore: number;
  /** Requests started while the cache was down, and after it returned. */
  duringOutage: number;
  afterReturn: number;
}

/**
 * LF-9: the cache (a redis-server of this file's own, which keeps its data across the restart)
 * is killed for 5 s under load and restarted. Each client owns a session and, per request,
 * reads it, checks it holds the client's last write, and writes the next value under its
 * version. Nothing may fail, no write may be lost, no read may be stale.
 */
describeWithBinaries(
  ['redis-server'],
  'redis-server (apt-get install redis-server)',
  'cached-db: cache killed under load',
  () => {
    const redis = savedRedis();
    let engine: CachedDbEngine | undefined;
    afterAll(async () => {
      await engine?.close();
    });

    it(`${CLIENTS} clients, ${REQUESTS} requests, the cache down for ${OUTAGE_MS / 1000} s: no error, no lost write, no stale read`, async () => {
      const db = await sqliteDb();
      const cache = redisEngine(redis.url, uniquePrefix('lf9'), { operationTimeoutMs: 300 });
      engine = createCachedDbEngine({ db, cache, retryIntervalMs: 200 });
      const sessions = engine;
      const tally: Tally = {
        requests: 0,
        errors: [],
        lost: 0,
        staleAfterReturn: 0,
        staleDuringOrBefore: 0,
        duringOutage: 0,
        afterReturn: 0,
      };
      let killedAt = Number.POSITIVE_INFINITY;
      let returnedAt = Number.POSITIVE_INFINITY;

      const keys = Array.from({ length: CLIENTS }, () => freshKey());
      const written = new Map<string, { n: number; version: string }>();
      for (const key of keys) {
        await sessions.create(key, { data: { n: 0 }, expiresAt: new Date(Date.now() + 3600_000), version: `${key}-0` });
        written.set(key, { n: 0, version: `${key}-0` });
      }

      async function request(key: string): Promise<void> {
        const last = written.get(key) as { n: number; version: string };
        const loaded = await sessions.load(key);
        if (loaded === null) {
          tally.lost++;
          return;
        }
        if (loaded.data.n !== last.n || loaded.version !== last.version) {
          if (Date.now() >= returnedAt) tally.staleAfterReturn++;
          else tally.staleDuringOrBefore++;
          return;
        }
        const next = { n: last.n + 1, version: `${key}-${last.n + 1}` };
        await sessions.update(
          key,
          { data: { n: next.n }, expiresAt: new Date(Date.now() + 3600_000), version: next.version },
          {
            expectedVersion: last.version,
          },
        );
        written.set(key, next);
      }

      async function client(key: string): Promise<void> {
        while (tally.requests < REQUESTS) {
          tally.requests++;
          if (Date.now() >= returnedAt) tally.afterReturn++;
          else if (Date.now() >= killedAt) tally.duringOutage++;
          await request(key).catch((error: unknown) => {
            tally.errors.push(String(error));
          });
          await sleep(PACE_MS);
        }
      }

      // The outage starts once the load runs and the cache holds every session.
      const outage = (async () => {
        await sleep(600);
        await redis.outage(async () => {
          killedAt = Date.now();
        }, OUTAGE_MS);
        returnedAt = Date.now();
      })();
      await Promise.all([...keys.map(client), outage]);

      const { duringOutage, afterReturn, ...outcome } = tally;
      expect(outcome).toEqual({ requests: REQUESTS, errors: [], lost: 0, staleAfterReturn: 0, staleDuringOrBefore: 0 });
      // The run spanned the outage: requests were served while the cache was down and after.
      process.stderr.write(`LF-9: ${duringOutage} requests during the outage, ${afterReturn} after it\n`);
      expect(duringOutage).toBeGreaterThanOrEqual(30);
      expect(afterReturn).toBeGreaterThanOrEqual(30);
      // Every write is in the db, and is what the engine serves.
      for (const key of keys) {
        const last = written.get(key);
        expect((await db.load(key))?.data).toEqual({ n: last?.n });
        expect((await sessions.load(key))?.version).toBe(last?.version);
      }
      expect([...written.values()].reduce((sum, { n }) => sum + n, 0)).toBe(REQUESTS);
    }, 60_000);
  },
);
