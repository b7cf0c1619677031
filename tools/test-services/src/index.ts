import { SERVICES, type ServiceName, resolvedEnv } from './services';
import { hasBinary } from './spawn';
export {
  redisCli,
  type RedisSentinelSetup,
  type RedisTopology,
  startRedisCluster,
  startRedisSentinel,
} from './redis-topologies';

export { SERVICES, type ServiceName } from './services';
export { canConnect } from './probe';
export {
  freePort,
  hasBinary,
  memcachedSpec,
  redisServerSpec,
  type ServerSpec,
  type SpawnedServer,
  startServer,
} from './spawn';
export { findDjangoPython, runDjango, randomSecret, DJANGO_INSTALL_HINT } from './django';

const announced = new Set<string>();

/** True on CI, where nothing may skip. */
export const isCI = process.env.CI === 'true';

/** The URL of a reachable service, or null. Filled by global setup. */
export function serviceUrl(name: ServiceName): string | null {
  return process.env[resolvedEnv(name)] ?? null;
}

/**
 * `describe` for a suite that needs an outside peer. Unreachable: on CI the suite fails;
 * elsewhere it is skipped with one loud line naming what to install.
 */
export function describeWithPeer(
  title: string,
  peer: { url: string | null; install: string },
  body: (url: string) => void,
): void {
  if (peer.url !== null) {
    describe(title, () => body(peer.url as string));
    return;
  }
  if (isCI) {
    describe(title, () => {
      it('has its server', () => {
        throw new Error(`${title}: not reachable in CI. Install ${peer.install}.`);
      });
    });
    return;
  }
  if (!announced.has(title)) {
    announced.add(title);
    process.stderr.write(`\n!!! SKIPPED ${title}: not reachable. Install ${peer.install}.\n\n`);
  }
  describe.skip(title, () => body(''));
}

/** `describeWithPeer` for one of the known services. */
export function describeWithService(name: ServiceName, title: string, body: (url: string) => void): void {
  describeWithPeer(title, { url: serviceUrl(name), install: SERVICES[name].install }, body);
}

/**
 * `describe` for a suite that starts its own servers from these binaries. Missing: on CI the
 * suite fails; elsewhere it is skipped with one loud line naming what to install.
 */
export function describeWithBinaries(
  binaries: readonly string[],
  install: string,
  title: string,
  body: () => void,
): void {
  const missing = binaries.filter((binary) => !hasBinary(binary));
  describeWithPeer(
    title,
    { url: missing.length === 0 ? 'spawned' : null, install: `${install} (missing: ${missing.join(', ')})` },
    body,
  );
}
