import type { Target } from './harness/targets.js';
import type { SuiteSpec } from './harness/types.js';
import * as cookie from './cookie/codecs.js';
import { cookieSuite } from './cookie/contract.js';
import type { Loadgen } from './http/driver.js';
import type { Hosting } from './http/hosting.js';
import { httpSuites } from './http-suites.js';
import { storeSuite } from './store/contract.js';
import * as cache from './store/cache.js';
import * as cachePeers from './store/cache-peers.js';
import * as pg from './store/postgres.js';
import * as sqlite from './store/sqlite.js';
import { diskScratch } from './workdir.js';
import { cachedDbSuites } from './cached-db-suites.js';

export interface SuiteEntry {
  id: string;
  build(): SuiteSpec;
  targets: Target[];
  /**
   * An HTTP suite: its servers already run in processes of their own, so it runs in the bench
   * process. Every other suite runs its rounds in forks (forks.ts).
   */
  http?: boolean;
}

const RAW_SQLITE = 'raw better-sqlite3 (prepared)';
const RAW_PG = 'raw pg (prepared)';
const OURS_DEFAULTS = 'ours: db engine, defaults';
const OURS_PLAIN = 'ours: db engine, plain';
const OURS_OPTIMISTIC = 'ours: db engine, defaults, optimistic';

function target(id: string, suite: string, contender: string, versus: string, min: number, text: string): Target {
  return { id, suite, contender, versus, min, text };
}

const RAW_REDIS = 'raw ioredis GET+SET';
const RAW_MEMCACHED = 'raw memcached get+set';

/**
 * Redis or Memcached, one operation at a time or `inFlight` at once. Sequentially the target is
 * the raw client; with operations in flight, the best peer (connect-redis 9 pipelines on node-redis).
 * Both are judged on the plain row, which stores JSON under the key as given, as the raw client
 * and the peers do; the defaults row also signs the data and hashes the key, and is shown next to it.
 */
function cacheSuites(store: 'redis' | 'memcached', inFlight: number): SuiteEntry[] {
  const redis = store === 'redis';
  const id = inFlight === 1 ? store : `${store}-${inFlight}`;
  const label = redis ? 'Redis' : 'Memcached';
  const limit = redis ? RAW_REDIS : RAW_MEMCACHED;
  const plain = `ours: cache engine on ${label}, plain`;
  const bestPeer = redis ? 'connect-redis 9.0.0 (redis 5)' : 'connect-memcached 3.0.0';
  const where = redis ? 'the local Redis (REDIS_URL)' : 'MEMCACHED_SERVERS (127.0.0.1:11211 by default)';
  const pace = inFlight === 1 ? 'one at a time' : `${inFlight} in flight at all times, from one process`;
  const targets =
    inFlight === 1
      ? [
          target(
            `${id}-plain`,
            id,
            plain,
            limit,
            0.95,
            `${label}: cache engine, plain ≥ 0.95× ${limit.replace(/ GET\+SET| get\+set/, '')}`,
          ),
        ]
      : [
          target(
            `${id}-peer`,
            id,
            plain,
            bestPeer,
            1,
            `${label}, ${inFlight} in flight: cache engine, plain ≥ 1.0× ${bestPeer}`,
          ),
        ];
  return [
    {
      id,
      build: () =>
        storeSuite(
          redis
            ? [
                cache.rawRedis(),
                cache.oursRedis(true),
                cache.oursRedis(false),
                cachePeers.connectRedis7(),
                cachePeers.connectRedis9(),
              ]
            : [
                cache.rawMemcached(),
                cache.oursMemcached(true),
                cache.oursMemcached(false),
                cachePeers.connectMemcachedPeer(),
              ],
          {
            id,
            title: `${label}: load+save of a 1 KB session, ${inFlight === 1 ? 'sequential' : `${inFlight} in flight`}`,
            description: `One operation loads a seeded session by key and saves it back changed, ${pace}, on ${where}. Peers are driven through their express-session Store API.`,
            sessionBytes: 1024,
            inFlight,
          },
        ),
      targets,
    },
  ];
}

/** The default run: every suite with a target, plus two that explain the numbers around them. */
export function defaultSuites(loadgen: () => Loadgen, hosting: Hosting): SuiteEntry[] {
  const entries: SuiteEntry[] = [
    ...cacheSuites('redis', 1),
    ...cacheSuites('redis', 32),
    ...cacheSuites('memcached', 1),
    ...cacheSuites('memcached', 32),
    {
      id: 'sqlite',
      build: () =>
        storeSuite(
          [
            sqlite.rawSqlite(),
            sqlite.oursSqlitePlain(),
            sqlite.oursSqliteDefaults(),
            sqlite.oursSqliteOptimistic(),
            sqlite.betterSqlite3SessionStorePeer(),
            sqlite.connectSessionKnexSqlitePeer(),
            sqlite.knexBuilderSqlite(),
          ],
          {
            id: 'sqlite',
            title: 'SQLite: load+save of a 1 KB session',
            description:
              'One operation loads a seeded session by key and saves it back changed (1,000 sessions per contender, each in its own database file on tmpfs). Peers are driven through their express-session Store API.',
            sessionBytes: 1024,
          },
        ),
      targets: [
        target(
          'sqlite-plain',
          'sqlite',
          OURS_PLAIN,
          RAW_SQLITE,
          0.8,
          'SQLite: db engine, plain ≥ 0.8× raw better-sqlite3',
        ),
        target(
          'sqlite-defaults',
          'sqlite',
          OURS_DEFAULTS,
          RAW_SQLITE,
          0.7,
          'SQLite: db engine, defaults ≥ 0.7× raw better-sqlite3',
        ),
        target(
          'sqlite-defaults-peer',
          'sqlite',
          OURS_DEFAULTS,
          'better-sqlite3-session-store 0.1.0',
          1,
          'SQLite: db engine, defaults ≥ 1.0× better-sqlite3-session-store (which neither signs nor hashes keys)',
        ),
        target(
          'sqlite-optimistic',
          'sqlite',
          OURS_OPTIMISTIC,
          OURS_DEFAULTS,
          0.95,
          'SQLite: db engine, optimistic ≥ 0.95× defaults (last-write-wins)',
        ),
      ],
    },
    {
      id: 'sqlite-disk',
      build: () =>
        storeSuite(
          [
            sqlite.rawSqlite(diskScratch('raw.db')),
            sqlite.oursSqlitePlain(diskScratch('ours-plain.db')),
            sqlite.oursSqliteDefaults(diskScratch('ours-defaults.db')),
            sqlite.betterSqlite3SessionStorePeer(diskScratch('bs3.db')),
          ],
          {
            id: 'sqlite-disk',
            title: 'SQLite on the VM disk: load+save of a 1 KB session (no target)',
            description:
              "The same operation with the database files on this VM's ext4 disk, where one fsync costs about 5 ms, so WAL checkpoints cost real I/O. Every contender runs WAL with synchronous=NORMAL: set by us for the raw client and the peer; the engine sets WAL itself and gets NORMAL from better-sqlite3's build default (SQLITE_DEFAULT_WAL_SYNCHRONOUS=1).",
            sessionBytes: 1024,
            keys: 300,
            rounds: 5,
          },
        ),
      targets: [],
    },
    {
      id: 'postgres',
      build: () =>
        storeSuite(
          [
            pg.rawPg(),
            pg.oursPgPlain(),
            pg.oursPgDefaults(),
            pg.oursPgOptimistic(),
            pg.connectPgSimplePeer(),
            pg.connectSessionKnexPgPeer(),
          ],
          {
            id: 'postgres',
            title: 'PostgreSQL: load+save of a 1 KB session',
            description:
              'One operation loads a seeded session by key and saves it back changed, one at a time over loopback (PostgreSQL 15 on this machine). Every connection runs with synchronous_commit=off, so the numbers show client-side cost rather than the disk.',
            sessionBytes: 1024,
            // The server shares the two cores and has background work of its own: more and longer rounds.
            rounds: 11,
            budget: { maxOps: 20_000, maxMs: 600 },
          },
        ),
      targets: [
        target('pg-plain', 'postgres', OURS_PLAIN, RAW_PG, 0.8, 'PostgreSQL: db engine, plain ≥ 0.8× raw pg'),
        target('pg-defaults', 'postgres', OURS_DEFAULTS, RAW_PG, 0.6, 'PostgreSQL: db engine, defaults ≥ 0.6× raw pg'),
        target(
          'pg-optimistic',
          'postgres',
          OURS_OPTIMISTIC,
          OURS_DEFAULTS,
          0.95,
          'PostgreSQL: db engine, optimistic ≥ 0.95× defaults (last-write-wins)',
        ),
        target(
          'pg-defaults-peer',
          'postgres',
          OURS_DEFAULTS,
          'connect-pg-simple 10.0.0',
          1,
          'PostgreSQL: db engine, defaults ≥ 1.0× connect-pg-simple',
        ),
      ],
    },
    {
      id: 'cookie-signed',
      build: () =>
        cookieSuite(
          [
            cookie.rawHmac(),
            cookie.oursSignedCookie(
              'ours: signed-cookie, defaults',
              '{ secret }: Django format, compresses only a cookie that would not fit otherwise',
              {},
            ),
            cookie.oursSignedCookie('ours: signed-cookie, compress: false', '{ secret, compress: false }', {
              compress: false,
            }),
            cookie.cookieSessionCodec(),
          ],
          {
            id: 'cookie-signed',
            title: 'Signed cookie: encode+decode of a 1 KB session',
            description: 'One operation turns the session into the cookie value and verifies and decodes it back.',
            sessionBytes: 1024,
          },
        ),
      targets: [
        target(
          'cookie-signed',
          'cookie-signed',
          'ours: signed-cookie, defaults',
          'raw HMAC-SHA256',
          0.9,
          'Signed cookie (defaults) ≥ 0.9× raw HMAC-SHA256',
        ),
        target(
          'cookie-signed-peer',
          'cookie-signed',
          'ours: signed-cookie, defaults',
          'cookie-session 2.1.1',
          1.3,
          'Signed cookie (defaults) ≥ 1.3× cookie-session',
        ),
      ],
    },
    {
      id: 'cookie-encrypted',
      build: () =>
        cookieSuite(
          [
            cookie.rawAesGcm(),
            cookie.oursSignedCookie(
              'ours: signed-cookie, encrypt: true',
              '{ secret, encrypt: true }: AES-256-GCM, no compression',
              {
                encrypt: true,
              },
            ),
            cookie.fastifySecureSessionCodec(),
            cookie.ironSessionCodec(),
          ],
          {
            id: 'cookie-encrypted',
            title: 'Encrypted cookie: encode+decode of a 1 KB session',
            description: 'One operation encrypts the session into the cookie value and decrypts and decodes it back.',
            sessionBytes: 1024,
          },
        ),
      targets: [
        target(
          'cookie-encrypted',
          'cookie-encrypted',
          'ours: signed-cookie, encrypt: true',
          'raw AES-256-GCM',
          0.9,
          'Encrypted cookie ≥ 0.9× raw AES-256-GCM (node:crypto)',
        ),
      ],
    },
  ];
  entries.push(...cachedDbSuites());
  for (const framework of ['node', 'express'] as const) entries.push(...httpSuites(framework, loadgen, hosting));
  return entries;
}
