import type { SessionEngine } from '@sessionkit/core';
import { createCacheEngine } from '@sessionkit/cache';
import { createCachedDbEngine } from '@sessionkit/cached-db';
import { createDbEngine } from '@sessionkit/db';
import { createSignedCookieEngine } from '@sessionkit/signed-cookie';
import { basename, isAbsolute, relative } from 'node:path';

export const ENGINE_CHOICES = ['db', 'signed_cookie', 'cache', 'cached_db'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

export interface EngineSettings {
  choice: EngineChoice;
  secret: string;
  /** SQLite file for the embedded default (':memory:' allowed). */
  sqliteFile: string;
  pgUrl?: string;
  mysqlUrl?: string;
  /** For SESSION_ENGINE=cache: a Redis URL, or */
  redisUrl?: string;
  /** comma-separated Memcached servers (host:port). */
  memcachedServers?: string;
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
      return openCache(settings);
    case 'cached_db': {
      // The cache first: it only checks its settings, so nothing is left open if they are missing.
      const cache = openCache(settings);
      return openCachedDb(await openDb(settings), cache);
    }
  }
}

/** Redis (REDIS_URL) or Memcached (MEMCACHED_SERVERS); the engine creates and closes the client. */
function openCache(settings: EngineSettings): OpenedEngine {
  const { redisUrl, memcachedServers, secret } = settings;
  if (redisUrl !== undefined) {
    const engine = createCacheEngine({ redis: redisUrl, secret });
    return { engine, label: `cache (Redis ${new URL(redisUrl).host})`, close: () => engine.close() };
  }
  if (memcachedServers !== undefined) {
    const servers = memcachedServers.split(',').map((server) => server.trim());
    const engine = createCacheEngine({ memcached: { servers }, secret });
    return { engine, label: `cache (Memcached ${servers.join(', ')})`, close: () => engine.close() };
  }
  throw new Error(`SESSION_ENGINE=${settings.choice} needs REDIS_URL or MEMCACHED_SERVERS`);
}

/** The db engine the demo would use (SQLite, PG_URL or MYSQL_URL) behind the cache. */
function openCachedDb(db: OpenedEngine, cache: OpenedEngine): OpenedEngine {
  const engine = createCachedDbEngine({ db: db.engine, cache: cache.engine });
  return {
    engine,
    label: `cached_db (${db.label} behind ${cache.label})`,
    // Closes both engines, then what the demo opened for the db (knex).
    close: async () => {
      await engine.close();
      await db.close();
    },
  };
}

async function openDb(settings: EngineSettings): Promise<OpenedEngine> {
  const url = settings.pgUrl ?? settings.mysqlUrl;
  if (url === undefined) {
    const engine = createDbEngine({ filename: settings.sqliteFile, secret: settings.secret });
    await engine.migrate();
    return { engine, label: `db (SQLite ${displayPath(settings.sqliteFile)})`, close: () => engine.close() };
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

/** A file as the page shows it: relative to the working directory, never the server's absolute path. */
function displayPath(file: string): string {
  if (file === ':memory:') return file;
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') || isAbsolute(shown) ? basename(file) : shown;
}
