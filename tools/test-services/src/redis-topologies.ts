import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, redisServerSpec, type SpawnedServer, startServer } from './spawn';

/** One redis-cli command against a loopback port; its output, trimmed. */
export function redisCli(port: number, ...args: string[]): string {
  const run = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (run.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${run.stderr || run.stdout}`);
  return run.stdout.trim();
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Servers that make one topology, stopped together. */
export interface RedisTopology {
  readonly servers: readonly SpawnedServer[];
  stop(): Promise<void>;
}

/** A Redis Cluster of `masters` masters (no replicas) on free loopback ports. */
export async function startRedisCluster(masters = 3): Promise<RedisTopology> {
  const dir = mkdtempSync(join(tmpdir(), 'sk-redis-cluster-'));
  const servers: SpawnedServer[] = [];
  const stop = async (): Promise<void> => {
    for (const server of servers) await server.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      servers.push(
        await startServer(
          redisServerSpec((port) => [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--cluster-node-timeout',
            '2000',
            '--dir',
            dir,
          ]),
        ),
      );
    }
    const nodes = servers.map((server) => `127.0.0.1:${server.port}`);
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await until('cluster_state:ok', () =>
      servers.every((server) => redisCli(server.port, 'CLUSTER', 'INFO').includes('cluster_state:ok')),
    );
    return { servers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A master, one replica and one sentinel watching them as `name`. */
export interface RedisSentinelSetup extends RedisTopology {
  readonly name: string;
  readonly sentinelPort: number;
  /** The master's port as the sentinel reports it now. */
  masterPort(): number;
  /**
   * SENTINEL FAILOVER, then waits until the other server is master and the old one has become
   * its replica (until then the old master still takes writes, which its resync discards).
   */
  failover(): Promise<void>;
}

export async function startRedisSentinel(name = 'sessionkit'): Promise<RedisSentinelSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'sk-redis-sentinel-'));
  const servers: SpawnedServer[] = [];
  const stop = async (): Promise<void> => {
    for (const server of [...servers].reverse()) await server.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const master = await startServer(redisServerSpec(() => ['--dir', dir]));
    servers.push(master);
    const replica = await startServer(
      redisServerSpec((port) => [
        '--dir',
        dir,
        '--dbfilename',
        `dump-${port}.rdb`,
        '--replicaof',
        '127.0.0.1',
        String(master.port),
      ]),
    );
    servers.push(replica);
    await until('the replica to sync', () =>
      redisCli(replica.port, 'INFO', 'replication').includes('master_link_status:up'),
    );
    const sentinelPort = await freePort();
    const config = join(dir, 'sentinel.conf');
    writeFileSync(
      config,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${master.port} 1`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 5000`,
        '',
      ].join('\n'),
    );
    servers.push(await startServer({ binary: 'redis-sentinel', args: () => [config], port: sentinelPort }));
    await until('the sentinel to find the replica', () =>
      redisCli(sentinelPort, 'SENTINEL', 'REPLICAS', name).includes(String(replica.port)),
    );
    const masterPort = (): number =>
      Number(redisCli(sentinelPort, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name).split('\n')[1]);
    return {
      servers,
      stop,
      name,
      sentinelPort,
      masterPort,
      async failover() {
        const before = masterPort();
        redisCli(sentinelPort, 'SENTINEL', 'FAILOVER', name);
        await until('the failover', () => masterPort() !== before);
        const now = masterPort();
        await until('the new master to take writes', () =>
          redisCli(now, 'INFO', 'replication').includes('role:master'),
        );
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
