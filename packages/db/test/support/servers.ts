import { knex, type Knex } from 'knex';

export type ServerName = 'pg' | 'mysql';

/** A knex instance on a shared test server. The caller destroys it. */
export function serverKnex(server: ServerName, url: string, pool: Knex.PoolConfig = { min: 0, max: 4 }): Knex {
  return knex({ client: server === 'pg' ? 'pg' : 'mysql2', connection: url, pool });
}
