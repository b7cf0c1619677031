import * as cdb from './store/cached-db.js';
import { type SessionStore, storeSuite } from './store/contract.js';
import type { SuiteEntry } from './suites.js';
import { scratch } from './workdir.js';

const RAW = 'raw better-sqlite3 + ioredis';
const PLAIN = 'ours: cached-db, plain';
const WHERE =
  'SQLite on tmpfs behind the machine’s Redis (127.0.0.1:6379, a key prefix of this run’s own), one operation at a time.';

/** The three contenders, each on a SQLite file of the suite's own. */
function contenders(suite: string): SessionStore[] {
  return [
    cdb.rawSqliteRedis(scratch(`${suite}-raw.db`)),
    cdb.oursCachedDb(scratch(`${suite}-plain.db`), 'plain'),
    cdb.oursCachedDb(scratch(`${suite}-defaults.db`), 'defaults'),
  ];
}

/** The cached-db engine against the same work done by hand with the raw clients. */
export function cachedDbSuites(): SuiteEntry[] {
  return [
    {
      id: 'cached-db',
      build: () =>
        storeSuite(contenders('cached-db'), {
          id: 'cached-db',
          title: 'cached-db (SQLite + Redis): load+save of a 1 KB session',
          description: `One operation loads a seeded, cached session (a cache hit) and saves it back changed: the db first, then the cache. The limit does the same by hand: GET, then a prepared UPDATE and a SET. ${WHERE}`,
          sessionBytes: 1024,
          rounds: 9,
          budget: { maxOps: 20_000, maxMs: 500 },
        }),
      targets: [
        {
          id: 'cached-db-plain',
          suite: 'cached-db',
          contender: PLAIN,
          versus: RAW,
          min: 0.85,
          text: 'cached-db load+save: plain ≥ 0.85× raw better-sqlite3 + ioredis',
        },
      ],
    },
    {
      id: 'cached-db-hit',
      build: () =>
        storeSuite(contenders('cached-db-hit'), {
          id: 'cached-db-hit',
          title: 'cached-db (SQLite + Redis): a read-only request (cache hit), 1 KB',
          description: `One operation loads a seeded, cached session and changes nothing: no db query. The limit is a raw Redis GET and JSON.parse. ${WHERE}`,
          sessionBytes: 1024,
          operation: 'load',
          rounds: 9,
          budget: { maxOps: 20_000, maxMs: 500 },
        }),
      targets: [
        {
          id: 'cached-db-hit-plain',
          suite: 'cached-db-hit',
          contender: PLAIN,
          versus: RAW,
          min: 0.9,
          text: 'cached-db hit: plain ≥ 0.9× raw Redis GET',
        },
      ],
    },
  ];
}
