import { canConnect, hostPort } from './probe';
import { SERVICES, type ServiceName, resolvedEnv } from './services';

/** Set once the probe has run in this jest process: the next project's setup does nothing. */
const PROBED_ENV = 'SESSIONKIT_TEST_SERVICES_PROBED';

/**
 * Jest global setup: finds each outside server once per run. A URL from the environment
 * wins; otherwise the local default is probed. Workers read the result from the env.
 * Every project's config carries it (so a run inside one package finds the servers too); in
 * a multi-project run the first project's call probes and the others return at once.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[PROBED_ENV] === '1') return;
  process.env[PROBED_ENV] = '1';
  await Promise.all(
    (Object.keys(SERVICES) as ServiceName[]).map(async (name) => {
      const spec = SERVICES[name];
      const url = process.env[spec.env] ?? spec.defaultUrl;
      const { host, port } = hostPort(url, spec.defaultPort);
      if (await canConnect(host, port)) process.env[resolvedEnv(name)] = url;
    }),
  );
}
