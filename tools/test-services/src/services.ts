/** The outside servers the suites need, with the env var that names each and what to install. */
export interface ServiceSpec {
  readonly env: string;
  readonly defaultUrl: string;
  readonly defaultPort: number;
  readonly install: string;
}

export const SERVICES = {
  pg: {
    env: 'PG_URL',
    defaultUrl: 'postgres://postgres@127.0.0.1:5432/test',
    defaultPort: 5432,
    install: 'PostgreSQL (apt-get install postgresql) with trust auth and a database "test", or set PG_URL',
  },
  mysql: {
    env: 'MYSQL_URL',
    defaultUrl: 'mysql://root@127.0.0.1:3306/test',
    defaultPort: 3306,
    install:
      'MariaDB (apt-get install mariadb-server) with root and no password and a database "test", or set MYSQL_URL',
  },
  redis: {
    env: 'REDIS_URL',
    defaultUrl: 'redis://127.0.0.1:6379',
    defaultPort: 6379,
    install: 'Redis (apt-get install redis-server) on 127.0.0.1:6379, or set REDIS_URL',
  },
} as const satisfies Record<string, ServiceSpec>;

export type ServiceName = keyof typeof SERVICES;

/** The env var through which global setup hands a found service to the test workers. */
export function resolvedEnv(name: ServiceName): string {
  return `SESSIONKIT_TEST_${name.toUpperCase()}_URL`;
}
