import type { SessionEngine } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';
import { createSignedCookieEngine } from '@sessionkit/signed-cookie';
import { openCacheOnly, openCachedDb } from './cache-engines';

export const ENGINE_CHOICES = ['db', 'signed_cookie', 'cache', 'cached_db'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

export interface EngineSettings {
  choice: EngineChoice;
  secret: string;
  /** SQLite file for the embedded default (':memory:' allowed). */
  sqliteFile: string;
  pgUrl?: string;
  mysqlUrl?: string;
  /** The cache for `cache` and `cached_db`: Redis, else Memcached. */
  redisUrl?: string;
  memcachedServers?: string[];
}

export interface OpenedEngine {
  engine: SessionEngine;
  /** What the "your session" panel shows. */
  label: string;
  /** Closes what the demo opened (the engine, and knex when the demo made it). */
  close(): Promise<void>;
}

export function parseEngineChoice(value: string | undefined): EngineChoice {
  const choice = value === undefined || value === '' ? 'db' : value;
  if (!(ENGINE_CHOICES as readonly string[]).includes(choice)) {
    throw new Error(`SESSION_ENGINE must be one of ${ENGINE_CHOICES.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return choice as EngineChoice;
}

/** The engine for a choice, ready to use (schema created for the db engine). */
export async function openEngine(settings: EngineSettings): Promise<OpenedEngine> {
  switch (settings.choice) {
    case 'db':
      return openDb(settings);
    case 'signed_cookie': {
      const engine = createSignedCookieEngine({ secret: settings.secret });
      return { engine, label: 'signed_cookie (the data is the cookie)', close: () => engine.close() };
    }
    case 'cache':
      return openCacheOnly(settings);
    case 'cached_db':
      return openCachedDb(settings, await openDb(settings));
  }
}

async function openDb(settings: EngineSettings): Promise<OpenedEngine> {
  const url = settings.pgUrl ?? settings.mysqlUrl;
  if (url === undefined) {
    const engine = createDbEngine({ filename: settings.sqliteFile, secret: settings.secret });
    await engine.migrate();
    return { engine, label: `db (SQLite ${settings.sqliteFile})`, close: () => engine.close() };
  }
  // Loaded only when asked for: the drivers are optional for the embedded default.
  const { default: knex } = await import('knex');
  const client = settings.pgUrl !== undefined ? 'pg' : 'mysql2';
  const connection = knex({ client, connection: url, pool: { min: 0, max: 5 } });
  const engine = createDbEngine({ knex: connection, secret: settings.secret });
  await engine.migrate();
  return {
    engine,
    label: `db (${client === 'pg' ? 'PostgreSQL' : 'MySQL/MariaDB'})`,
    close: async () => {
      await engine.close();
      await connection.destroy();
    },
  };
}
