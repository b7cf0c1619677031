import type { Target } from './harness/targets.js';
import type { Loadgen } from './http/driver.js';
import type { Hosting } from './http/hosting.js';
import type { AppRef, HttpAppId } from './http/registry.js';
import { httpSuite } from './http/suite.js';
import type { SuiteEntry } from './suites.js';

const OURS_MEMORY = 'ours: MemoryEngine';
const OURS_SQLITE = 'ours: db engine on SQLite';
const OURS_SIGNED = 'ours: signed-cookie engine';
const HAND_MEMORY = 'hand-written node:http: Map';
const HAND_SQLITE = 'hand-written node:http: SQLite';
const HAND_SIGNED = 'hand-written node:http: signed cookie';

/** An untouched request may cost the server at most 1.05× the CPU of the app without session middleware. */
const UNTOUCHED_CPU = 1 / 1.05;

function target(
  id: string,
  suite: string,
  contender: string,
  versus: string,
  min: number,
  text: string,
  on: 'ops' | 'cpu' = 'ops',
): Target {
  return { id, suite, contender, versus, min, text, on };
}

/** The read+write apps of both frameworks' suites, in table order: limits, then each engine by its peers. */
const READ_WRITE: HttpAppId[] = [
  'bare-rw',
  'hand-memory',
  'hand-sqlite',
  'hand-signed-cookie',
  'hand-redis',
  'ours-memory',
  'express-session-memory',
  'express-session-memorystore',
  'ours-sqlite',
  'express-session-sqlite',
  'express-session-knex',
  'ours-redis',
  'express-session-redis',
  'ours-signed-cookie',
  'cookie-session',
];

/** One framework's two HTTP suites: an untouched request, and a read+write of a 1 KB session. */
export function httpSuites(framework: 'node' | 'express', loadgen: () => Loadgen, hosting: Hosting): SuiteEntry[] {
  const label = framework === 'node' ? 'node:http' : 'Express 5';
  const untouchedId = `http-${framework}-untouched`;
  const rwId = `http-${framework}-rw`;
  const bare = framework === 'node' ? 'bare node:http' : 'bare Express 5 app';
  const ref = (id: HttpAppId): AppRef => ({ id, framework });
  const where = `Each server in a process of its own on 127.0.0.1, pinned to the servers' CPU; load generator in another (8 keep-alive connections); no forced GC between rounds.`;
  const rwTargets: Target[] = [
    target(
      `${rwId}-memory`,
      rwId,
      OURS_MEMORY,
      'express-session 1.19.0 + MemoryStore',
      1.5,
      `${label}: MemoryEngine read+write ≥ 1.5× express-session + MemoryStore`,
    ),
    target(
      `${rwId}-sqlite-bs3`,
      rwId,
      OURS_SQLITE,
      'express-session + better-sqlite3-session-store 0.1.0',
      1.3,
      `${label}: SQLite read+write ≥ 1.3× express-session + better-sqlite3-session-store`,
    ),
    target(
      `${rwId}-signed-cookie`,
      rwId,
      OURS_SIGNED,
      'cookie-session 2.1.1',
      1.2,
      `${label}: signed cookie read+write ≥ 1.2× cookie-session`,
    ),
  ];
  if (framework === 'node') {
    const byHand = [
      ['memory', 'MemoryEngine', OURS_MEMORY, HAND_MEMORY],
      ['sqlite', 'SQLite', OURS_SQLITE, HAND_SQLITE],
      ['signed-cookie', 'signed cookie', OURS_SIGNED, HAND_SIGNED],
    ] as const;
    rwTargets.unshift(
      ...byHand.map(([id, what, ours, hand]) =>
        target(
          `${rwId}-hand-${id}`,
          rwId,
          ours,
          hand,
          0.8,
          `${label}: ${what} read+write ≥ 0.8× the same work by hand`,
        ),
      ),
    );
  }
  return [
    {
      id: untouchedId,
      http: true,
      build: () =>
        httpSuite(
          [
            ref('bare-root'),
            ref('ours-untouched'),
            ref('express-session-untouched'),
            ...(framework === 'express' ? [ref('express-noop-layer')] : []),
          ],
          {
            id: untouchedId,
            title: `${label}: a request that never touches the session`,
            description: `GET / answering "ok"; every request carries a session cookie. ${where}`,
            rounds: 9,
            maxMs: 1000,
          },
          loadgen,
          hosting,
        ),
      targets: [
        target(
          untouchedId,
          untouchedId,
          'ours: untouched (MemoryEngine)',
          bare,
          UNTOUCHED_CPU,
          `${label}: untouched request ≤ 1.05× the server CPU of no session middleware (≥ ${UNTOUCHED_CPU.toFixed(3)}× on CPU)`,
          'cpu',
        ),
      ],
    },
    {
      id: rwId,
      http: true,
      build: () =>
        httpSuite(
          READ_WRITE.map(ref),
          {
            id: rwId,
            title: `${label}: a request that reads and writes a 1 KB session`,
            description: `GET /rw reads the visitor's counter and saves it incremented (a new visitor's session is filled with the 1 KB payload first). Each of the 8 keep-alive connections is one visitor keeping its cookies. Limits: the bare ${label} app answering without a session, and the same work written by hand on node:http for each engine (src/http/hand-written.ts: cookie.parse, key check, SHA-256 of the key, expiry check, JSON of 1 KB, the same statements or HMAC, the same three headers). Redis rows: ours with @sessionkit/cache on ioredis, the peer express-session + connect-redis 9, on the local Redis. ${where}`,
            rounds: 7,
            maxMs: 500,
          },
          loadgen,
          hosting,
        ),
      targets: rwTargets,
    },
  ];
}
