import { canConnect, hostPort } from './probe';
import { SERVICES, type ServiceName, resolvedEnv } from './services';

/**
 * Jest global setup: finds each outside server once per run. A URL from the environment
 * wins; otherwise the local default is probed. Workers read the result from the env.
 */
export default async function globalSetup(): Promise<void> {
  await Promise.all(
    (Object.keys(SERVICES) as ServiceName[]).map(async (name) => {
      const spec = SERVICES[name];
      const url = process.env[spec.env] ?? spec.defaultUrl;
      const { host, port } = hostPort(url, spec.defaultPort);
      if (await canConnect(host, port)) process.env[resolvedEnv(name)] = url;
    }),
  );
}
