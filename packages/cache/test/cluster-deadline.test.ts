import { type CacheEngine, createCacheEngine } from '@sessionkit/cache';
import { EngineUnavailableError, generateSessionKey } from '@sessionkit/core/engine';
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

    // A failed test leaves the cluster whole for the next one.
    afterEach(async () => {
      if (frozen !== undefined) process.kill(frozen, 'SIGCONT');
      await killed?.start();
      frozen = undefined;
      killed = undefined;
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
