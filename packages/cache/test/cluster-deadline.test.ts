import { type CacheEngine, createCacheEngine } from '@sessionkit/cache';
import { EngineUnavailableError, generateSessionKey } from '@sessionkit/core/engine';
import { Cluster } from 'ioredis';
import { describeWithBinaries, redisCli, type SpawnedServer } from '@sessionkit/test-services';
import { REDIS_CLUSTER_INSTALL, redisClusterFixture } from './support/redis';
import { TEST_SECRET, uniquePrefix } from './support/names';

const DEADLINE_MS = 300;
/** The requirement: every call in a fault window settles within the deadline plus this. */
const SLACK_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until it holds; fails after `timeoutMs`. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The master that owns `storedKey`'s slot, by CLUSTER NODES on each one. */
function ownerOf(servers: readonly SpawnedServer[], storedKey: string): SpawnedServer {
  const slot = Number(redisCli(servers[0]!.port, 'CLUSTER', 'KEYSLOT', storedKey));
  const owner = servers.find((server) => {
    const self = redisCli(server.port, 'CLUSTER', 'NODES')
      .split('\n')
      .find((line) => line.includes('myself'));
    return (self ?? '')
      .split(' ')
      .slice(8)
      .some((range) => {
        const [from, to = from] = range.split('-').map(Number);
        return slot >= (from as number) && slot <= (to as number);
      });
  });
  if (owner === undefined) throw new Error(`no master owns slot ${slot}`);
  return owner;
}

/** What one call settled with, and how long it took. */
interface Settled {
  operation: string;
  outcome: unknown;
  ms: number;
}

/** Every operation on `key`, each timed from its own start. */
function callsOn(engine: CacheEngine, key: string): Promise<Settled>[] {
  const record = { data: { n: 2 }, expiresAt: new Date(Date.now() + 60_000) };
  const calls: [string, () => Promise<unknown>][] = [
    ['load', () => engine.load(key)],
    ['update', () => engine.update(key, record)],
    ['update (version)', () => engine.update(key, { ...record, version: 'v2' }, { expectedVersion: 'v1' })],
    ['exists', () => engine.exists(key)],
    ['touch', () => (engine.touch as NonNullable<CacheEngine['touch']>)(key, record.expiresAt)],
    ['create', () => engine.create(key, record)],
    ['delete', () => engine.delete(key)],
  ];
  return calls.map(([operation, call]) => {
    const started = Date.now();
    return call().then(
      (value: unknown) => ({ operation, outcome: value, ms: Date.now() - started }),
      (error: unknown) => ({ operation, outcome: error, ms: Date.now() - started }),
    );
  });
}

/** Calls on `key` every 100 ms for `windowMs`; all of them, once settled. */
async function fireDuring(engine: CacheEngine, key: string, windowMs: number): Promise<Settled[]> {
  const pending: Promise<Settled>[] = [];
  const end = Date.now() + windowMs;
  while (Date.now() < end) {
    pending.push(...callsOn(engine, key));
    await sleep(100);
  }
  return Promise.all(pending);
}

function expectAllUnavailableInTime(settled: Settled[]): void {
  const late = settled.filter(
    ({ outcome, ms }) => !(outcome instanceof EngineUnavailableError) || ms > DEADLINE_MS + SLACK_MS,
  );
  expect(late.map(({ operation, outcome, ms }) => `${operation}: ${String(outcome)} after ${ms} ms`)).toEqual([]);
  expect(settled.length).toBeGreaterThan(50);
}

/** The same engine answers again: a write and a read of `key` (its old value went with the node). */
async function expectServesAgain(engine: CacheEngine, key: string): Promise<void> {
  await until('the engine to serve the slot again', () =>
    engine.exists(key).then(
      () => true,
      () => false,
    ),
  );
  await engine.delete(key);
  await engine.create(key, { data: { n: 3 }, expiresAt: new Date(Date.now() + 60_000) });
  expect((await engine.load(key))?.data).toEqual({ n: 3 });
}

// A 3-master Redis Cluster of this file's own (no mocks); the master owning a test key's slot is
// killed (SIGKILL) or frozen (SIGSTOP) while calls go on every 100 ms. With no replica, nothing
// else serves the slot meanwhile. The Cluster client holds commands before they reach a node
// (auto-pipelined behind a batch in flight, retried after the lost connection, queued while it
// refreshes its slots), where no node's `commandTimeout` runs: before the fix such calls took up
// to 0.6 s (frozen) and 3 s (killed). The cluster's node timeout is 2 s.
describeWithBinaries(
  ['redis-server', 'redis-cli'],
  REDIS_CLUSTER_INSTALL,
  'cache engine on a Redis Cluster losing a master',
  () => {
    const { cluster } = redisClusterFixture();
    let engine: CacheEngine | undefined;
    let frozen: number | undefined;
    let killed: SpawnedServer | undefined;
    let allKilled: readonly SpawnedServer[] = [];

    // A failed test leaves the cluster whole for the next one.
    afterEach(async () => {
      if (frozen !== undefined) process.kill(frozen, 'SIGCONT');
      await killed?.start();
      for (const server of allKilled) await server.start();
      frozen = undefined;
      killed = undefined;
      allKilled = [];
      await engine?.close();
    });

    function startEngine(): CacheEngine {
      const servers = cluster()?.servers ?? [];
      engine = createCacheEngine({
        cluster: { nodes: servers.map(({ host, port }) => ({ host, port })) },
        prefix: uniquePrefix('cluster-deadline'),
        secret: TEST_SECRET,
        warnOnEviction: false,
        operationTimeoutMs: DEADLINE_MS,
      });
      return engine;
    }

    async function clusterOk(): Promise<void> {
      const servers = cluster()?.servers ?? [];
      await until('cluster_state:ok', () =>
        servers.every((server) => redisCli(server.port, 'CLUSTER', 'INFO').includes('cluster_state:ok')),
      );
    }

    it('a killed master: every call fails within the deadline, then the same engine serves once it restarts', async () => {
      const cache = startEngine();
      const key = generateSessionKey();
      await cache.create(key, { data: { n: 1 }, expiresAt: new Date(Date.now() + 60_000), version: 'v1' });
      const owner = ownerOf(cluster()?.servers ?? [], cache.storedKey(key));
      killed = owner;
      await owner.kill('SIGKILL');
      // Past the node timeout: the other masters mark the node failed and answer CLUSTERDOWN.
      expectAllUnavailableInTime(await fireDuring(cache, key, 3_000));
      await owner.start();
      killed = undefined;
      await clusterOk();
      await expectServesAgain(cache, key);
    }, 30_000);

    // ioredis's Cluster client keeps a command the deadline failed (in its auto-pipeline buffer,
    // or its offline queue) until the cluster is back, then sends it: with every master down,
    // each call added one more for as long as the outage lasted, and each was written once the
    // masters returned (a create the caller was told failed made a live session). Past
    // MAX_OVERDUE_CALLS of them, calls fail at once and reach neither the client nor Redis.
    it('every master killed under load: past the limit, calls fail at once and are never sent; the same engine serves again', async () => {
      await clusterOk();
      const cache = startEngine();
      const servers = cluster()?.servers ?? [];
      const record = { data: { n: 1 }, expiresAt: new Date(Date.now() + 60_000) };
      const pending: Promise<Settled>[] = [];
      // 200 creates every 100 ms for 2.4 s; every master is killed after the first 0.3 s, while
      // the client has batches under way (as in production: an outage strikes under load).
      for (let tick = 0; tick < 24; tick++) {
        if (tick === 3) {
          allKilled = servers;
          for (const server of servers) await server.kill('SIGKILL');
        }
        for (let i = 0; i < 200; i++) {
          const key = generateSessionKey();
          const started = Date.now();
          pending.push(
            cache.create(key, record).then(
              (value: unknown) => ({ operation: key, outcome: value, ms: Date.now() - started }),
              (error: unknown) => ({ operation: key, outcome: error, ms: Date.now() - started }),
            ),
          );
        }
        await sleep(100);
      }
      const settled = (await Promise.all(pending)).slice(3 * 200);
      const atOnce = settled.filter(({ outcome }) =>
        /has not answered \d+ calls past their deadline/.test(String(outcome)),
      );
      expectAllUnavailableInTime(settled);
      expect(atOnce.length).toBeGreaterThan(500);
      expect(Math.max(...atOnce.map(({ ms }) => ms))).toBeLessThan(50);
      for (const server of servers) await server.start();
      allKilled = [];
      await clusterOk();
      await expectServesAgain(cache, generateSessionKey());
      // What the client held reaches Redis now (the caller was told the outcome is unknown);
      // what was refused at once never does.
      await sleep(500);
      const refused = new Set(atOnce.map(({ operation }) => operation));
      const client = new Cluster(servers.map(({ host, port }) => ({ host, port })));
      try {
        for (const key of refused) expect(await client.exists(cache.storedKey(key))).toBe(0);
      } finally {
        client.disconnect();
      }
    }, 60_000);

    it('a frozen master (SIGSTOP): every call fails within the deadline, then the same engine serves once it resumes', async () => {
      await clusterOk();
      const cache = startEngine();
      const key = generateSessionKey();
      await cache.create(key, { data: { n: 1 }, expiresAt: new Date(Date.now() + 60_000), version: 'v1' });
      const owner = ownerOf(cluster()?.servers ?? [], cache.storedKey(key));
      frozen = owner.pid as number;
      process.kill(frozen, 'SIGSTOP');
      // Within the node timeout, so the cluster never marks it failed and resumes at once.
      const settled = await fireDuring(cache, key, 1_500);
      process.kill(frozen, 'SIGCONT');
      frozen = undefined;
      expectAllUnavailableInTime(settled);
      await clusterOk();
      await expectServesAgain(cache, key);
    }, 30_000);
  },
);
