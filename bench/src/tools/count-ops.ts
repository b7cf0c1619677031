/**
 * Runs a fixed number of operations of one cache, cached-db or PostgreSQL contender, for instruction counts
 * that a loaded machine does not skew (the servers run out of process):
 *   cd bench && bash src/tools/count-ops.sh ours-redis-plain 1000 [inFlight] [load+save|load]
 * It runs N operations to warm up, then N more, and prints the CPU time of the second batch;
 * with COUNT_HANDSHAKE=1 it stops before and after that batch for count-ops.sh to zero and dump
 * callgrind's counters. Under valgrind a call can outlast the engines' 5 s deadline on a busy
 * machine: raise `operationTimeoutMs` in the store factories for such a run.
 */
import { sessionData, sessionKey } from '../payload.js';
import * as cache from '../store/cache.js';
import * as peers from '../store/cache-peers.js';
import * as cdb from '../store/cached-db.js';
import * as pg from '../store/postgres.js';
import type { SessionStore } from '../store/contract.js';
import { removeWorkdir, scratch } from '../workdir.js';
import { runMain } from '../harness/run-main.js';

const contenders: Record<string, () => SessionStore> = {
  'raw-redis': () => cache.rawRedis(),
  'ours-redis-plain': () => cache.oursRedis(true),
  'ours-redis': () => cache.oursRedis(false),
  'connect-redis7': () => peers.connectRedis7(),
  'connect-redis9': () => peers.connectRedis9(),
  'raw-memcached': () => cache.rawMemcached(),
  'ours-memcached-plain': () => cache.oursMemcached(true),
  'ours-memcached': () => cache.oursMemcached(false),
  'connect-memcached': () => peers.connectMemcachedPeer(),
  'raw-cdb': () => cdb.rawSqliteRedis(scratch('count-raw.db')),
  'cdb-plain': () => cdb.oursCachedDb(scratch('count-plain.db'), 'plain'),
  'cdb-defaults': () => cdb.oursCachedDb(scratch('count-defaults.db'), 'defaults'),
  'raw-pg': () => pg.rawPg(),
  'ours-pg-plain': () => pg.oursPgPlain(),
  'ours-pg': () => pg.oursPgDefaults(),
  'ours-pg-optimistic': () => pg.oursPgOptimistic(),
};

async function main(): Promise<void> {
  const [name = '', opsText = '10000', inFlightText = '1', operation = 'load+save'] = process.argv.slice(2);
  const make = contenders[name];
  if (make === undefined) throw new Error(`unknown contender ${name}: ${Object.keys(contenders).join(', ')}`);
  const store = make();
  const ops = Number(opsText);
  const inFlight = Number(inFlightText);
  await store.open();
  const keys: string[] = [];
  for (let i = 0; i < 200; i++) {
    const key = sessionKey();
    await store.create(key, structuredClone(sessionData(1024)));
    keys.push(key);
  }
  let next = 0;
  let end = 0;
  const worker = async (): Promise<void> => {
    while (next < end) {
      const i = next++;
      const key = keys[i % keys.length] as string;
      const data = await store.load(key);
      if (data === null) throw new Error(`${name}: ${key} did not load`);
      if (operation === 'load+save') {
        data.n = i;
        await store.save(key, data);
      }
    }
  };
  const run = async (count: number): Promise<void> => {
    end = next + count;
    await Promise.all(Array.from({ length: inFlight }, worker));
  };
  await run(ops);
  // Under valgrind, a driving script zeroes the counters here and dumps them after the second batch.
  if (process.env.COUNT_HANDSHAKE === '1') await handshake('warm');
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(ops);
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  process.stderr.write(
    `${name}: ${((used.user + used.system) / ops).toFixed(1)} CPU µs/op (${(used.system / ops).toFixed(1)} sys), ${((wall * 1000) / ops).toFixed(1)} wall µs/op\n`,
  );
  if (process.env.COUNT_HANDSHAKE === '1') await handshake('done');
  await store.close();
  removeWorkdir();
}

/** Writes a line and waits for one on stdin. */
function handshake(line: string): Promise<void> {
  process.stdout.write(`${line}\n`);
  return new Promise((resolve) => process.stdin.once('data', () => resolve()));
}

runMain(main);
