/**
 * Why a target is missed, by target id. Each is backed by a profile (`node --cpu-prof` with
 * src/tools/profile.ts) and by the piece-by-piece CPU costs of src/tools/breakdown.ts.
 * Shown in the report only when the target is missed in that run. File:line refer to the
 * sources at the commit the run records.
 */
/** What V8's allocation-site pretenuring does to a server's garbage collection (found in #17, session 5). */
const PRETENURING =
  "V8 pretenures an object literal's allocation site (allocates its objects in the old generation) once they outlive a scavenge; an old object pointing at a request's young objects then keeps them alive through every scavenge until the next full GC. In a server process with the bench's modules loaded, the node adapter's per-request literals had been pretenured: scavenges took 21 ms instead of 0.6 and the untouched row ran at 0.56x bare. They are class instances now (Opened, the hold's Call list, the session's expiry defaults: packages/core/src/frameworks/node/session.ts, hold.ts, session/session.ts); `--trace-pretenuring-statistics` still shows 14 sites tenured against 6 for the bare app, so full GCs stay more frequent. The read+write path's records, prepared records, stored state and commit answers are class instances too (session 6; callgrind, request-cost.ts memory: 248k → 223k instructions per request, hand-written 180k: 0.73× → 0.81×). A heap snapshot of the MemoryEngine server then finds no other per-request allocation site of ours alive, and each scavenge promotes ~1.2 MB, as the hand-written server's does: the remaining GC is node's own objects (setHeader's pairs, _storeHeader, writeOrBuffer), held while the response waits for the save.";

const UNTOUCHED =
  `Judged on the server process's CPU per request. Instructions are within the target: callgrind counts 1.044x those of the same app without the middleware (src/tools/request-cost.ts untouched none, --predictable, 20,000 warm-up requests): reading the Cookie header (Node builds req.headers lazily and the bare handler never reads it), cookie.parse, the key check, one Session object and one closure, req.session and the response hold (packages/core/src/frameworks/node/session.ts). The rest is garbage collection: ${PRETENURING}`;

const EXPRESS_UNTOUCHED =
  'On Express, one `app.use` layer that only calls next() already costs about 4% of a hello-world request (router dispatch; see the reference row in the suite), which leaves about 1% of the 1.05× for the session layer itself. Express swaps each req and res onto its app\'s prototype, after which V8 builds new hidden classes for every property added to them (~11 µs for req.session, ~50 µs for the hold\'s four methods on Node 20); the middleware now adds none there (req.session is an accessor on the request prototype all Express apps share, the hold\'s methods sit on the shared response prototype: packages/core/src/frameworks/node/request-session.ts, held-prototype.ts). Beyond that: ' +
  UNTOUCHED;

const DB_PLAIN =
  "Beyond raw prepared statements the engine adds a promise per call, the codec call, the cheap JSON guard and key validation (packages/db/src/engine.ts). PostgreSQL also pays knex's pool around each named statement (tarn: a pending operation with its acquire-timeout timer) and the engine's deadline timer per call (packages/db/src/runner.ts); its per-round ratios vary most, as the server shares the two cores.";

const CODEC =
  "The defaults add the Django codec to each load+save: HMAC-SHA256 sign and verify (each two crypto.hash calls over key blocks padded once, macFunction, packages/core/src/signing/crypto.ts), base64url both ways, Python-compatible JSON with its scans (non-ASCII and small floats on encode, numbers JS cannot carry on decode) and the timestamp (packages/core/src/signing/session-codec.ts), plus the record check's walk of the data before each write (packages/core/src/engine/json.ts); hashing the key at rest costs 2 × 0.3 µs (crypto.hash). zlib runs only from 4 KiB. Callgrind of the codec alone on this 1 KB session (encode+decode; bench/src/tools/engine-cost.ts counts the same way): 326k instructions before #17's codec work, 275k after, where a whole raw better-sqlite3 load+save is 170k. A whole load+save with the defaults: 399k → 384k in session 6 (record check with for-in, no bracket count under 2 KB, statements within the call), raw 165k. Callgrind runs SHA-256 without the CPU's SHA extensions, so the codec weighs less in this run than in those counts.";

const PEER_FAST =
  'The peer does one prepared statement and JSON only: no signature, no key hashing, no expiry column, no size check. Our defaults sign the data (Django-compatible) and hash the key at rest, which the peer does not.';

const OPTIMISTIC =
  "The optimistic row does the defaults row's work plus a 16-character version token per write (a slice of a pooled randomFillSync buffer, ~0.2 µs; packages/core/src/engine/version-token.ts), the token stored in the version column and `AND version = ?` on the primary-key UPDATE (packages/db/src/statements.ts). Measured in interleaved blocks of 1,000 load+saves, that is 3-4% CPU on SQLite; a miss below 0.95× in one run is the spread of this loaded machine (compare the CPU column).";

const COOKIE =
  "Django's signed_cookies format does more than the limit's stringify → base64url → HMAC: the engine's check of the data before a write (a recursive walk, packages/core/src/engine/json.ts), Python-compatible JSON (stringify plus native scans for non-ASCII and small floats, and on decode for numbers JS cannot carry, packages/core/src/signing/python-json.ts, python-numbers.ts), the base62 timestamp inside the signed text, the embedded expiry appended on encode and checked on decode, strict canonical base64url, and the engine API's promise on each of encode and decode (packages/signed-cookie/src/signed-format.ts, expiry.ts). The HMAC itself hashes the same bytes as the limit's, without building an Hmac object (macFunction, packages/core/src/signing/crypto.ts). Callgrind (src/tools/engine-cost.ts, instructions per encode+decode): ours 407k before #17's codec work, 317k after, about 320k in session 6 (within the tool's spread of a few thousand), the limit 273-276k (0.85-0.86×). Callgrind runs SHA-256 without the CPU's SHA extensions, which counts the hashing both sides share at several times its cost here, so this run's ratio is below callgrind's.";

const ENCRYPTED =
  "Most of both sides is node:crypto building an AES-256-GCM context per call (createCipheriv/createDecipheriv). On top, ours checks the data before a write (packages/core/src/engine/json.ts), its sealed value carries a 7-byte header (flags, issued-at) and the embedded expiry, decodes strict canonical base64url, and goes through the engine API's promises (packages/signed-cookie/src/encrypted-format.ts, engine.ts). Callgrind (src/tools/engine-cost.ts, instructions per encode+decode): ours 315k before #17's codec work, 269k after, 264k in session 6 (the record check reads keys with for-in), the limit 206k (0.78×): the rest is JSON.stringify (~50k for 1 KB, both sides), the header and expiry, one more copy of the sealed body (Buffer.concat), the canonical base64url check and the engine API's promises.";

const MEMORY_RW =
  "Per read+write request: load (key hash, JSON.parse of 1 KB), the session's data, save (JSON.stringify, size check), then three response headers (Set-Cookie on every modified response, as Django slides the expiry, and so does express-session with the cookie.maxAge the peer rows use; Vary: Cookie and Cache-Control: private, which express-session does not send) and the response hold, which patches write, writeHead, end and flushHeaders on res and replays them once the session is saved (packages/core/src/frameworks/node/hold.ts). On Express's prototype-switched res each of those stores costs ~5 µs in a tight loop, ~20 µs for the hold.";

const HAND_MEMORY =
  "Against the hand-written Map server (the same cookie.parse, key check, SHA-256, expiry check, JSON of 1 KB and three headers), #17's steady-state profile put ours 18 µs of server CPU per request above it (59.2 against 41.5 µs): the session's Map, data snapshot and expiry 3.7 µs; node's http internals and writev 6.0 (the hold's replay of writeHead/end, one more header merge); engine bookkeeping and the key hashed twice 2.5; the adapter, response hold and header merge 2.2; promise machinery (async engine calls and session accessors) 2.0; GC 1.0; Set-Cookie 0.9; manager.commit 0.4 (packages/core/src/frameworks/node/hold.ts, session/session.ts, engine/memory-engine.ts)." + ' ' + PRETENURING;

const HAND_SIGNED =
  "Both rows verify and sign one HMAC-SHA256 per request. In a --cpu-prof of the two rows (src/tools/profile.ts http-node-rw, loaded machine), garbage collection takes 8.8% of the server process against 3.0% by hand: ours allocates the Session, its data snapshot, the record, and the promises of load and update per request. On top: Python-compatible JSON and the dict check on decode (#parseDict, packages/signed-cookie/src/engine.ts; pythonJsonDumps, packages/core/src/signing/python-json.ts) where the hand calls JSON.parse/stringify, the record checks' JSON walk (openContainer/findProblem, packages/core/src/engine/json.ts), the embedded expiry spliced in as text (packages/signed-cookie/src/expiry.ts), and the response hold's replay of writeHead/end (5.4% inclusive, packages/core/src/frameworks/node/hold.ts)." + ' ' + PRETENURING;

const HAND_SQLITE =
  "Both rows run the engine's prepared SELECT and UPDATE and the same HMAC-SHA256 both ways. In a --cpu-prof of the two rows (src/tools/profile.ts http-node-rw, loaded machine) ours adds: the engine's call wrapper with its deadline around each statement (#call, 8.1% inclusive, packages/db/src/engine.ts; on the engine's own SQLite, load and update now run their statement within the call, with no promise or deadline around it), Python-compatible JSON both ways with the check for numbers JS cannot carry (pythonJsonLoads/Dumps, protectPythonNumbers: ~3% self, packages/core/src/signing/python-json.ts, python-numbers.ts) where the hand calls JSON.parse/stringify, the record checks (prepareRecord, 4.0% inclusive, packages/core/src/engine/record.ts), the response hold's replay (6.0% inclusive), and garbage collection at 6.8% of the process against 2.4% by hand." + ' ' + PRETENURING;

const SIGNED_PEER =
  "cookie-session signs base64 JSON with one keygrip HMAC-SHA1 and sends it as two cookies; ours signs Django's format (HMAC-SHA256 over Python-compatible JSON with a timestamp and the embedded expiry) and also sends Vary and Cache-Control. " +
  HAND_SIGNED;

const ROWS_FLAT =
  "The raw client itself slows from 1k to 1M rows (same suite: ~0.92× on SQLite), as the key index gains a level and stops fitting the page cache. Our defaults hash keys at rest, so the index holds 64-character hex keys, twice the length of the raw table's, and grows deeper still; the latency at 1M rows stays within ~10% of 1k.";

const CACHED_DB =
  "A hit is one GET and one JSON.parse, as in the limit; above it come the cache engine's key check and stored header, the entry's own check (packages/cached-db/src/entry.ts) and one promise layer each in cached-db and the cache engine. A save is the db engine's UPDATE, then the cache engine's SET XX: each engine checks its record (JSON walk, size) and encodes it, so the data is walked twice and stringified twice where the limit stringifies once (packages/core/src/engine/record.ts), and the db engine alone runs at ~0.85× raw better-sqlite3 (SQLite suite). The write order (database first, then cache) and the repair of a failed cache write need those two steps in sequence. The limit's ioredis client has no auto-pipelining, as the engine's has none. Measured with callgrind (bench/src/tools/count-ops.sh: the client process only, so load-independent; 800-1,500 operations after as many to warm up, JIT compilation included), a hit went from 516k to 385k instructions per operation when the hit path was flattened and the codec's nesting scan skipped, against 303k for the limit (0.79×); a load+save from 1,085k to 969k, against ~677k (0.70×). With the Redis client's command deadlines swept by one timer (packages/cache/src/redis/command-deadlines.ts) instead of ioredis's commandTimeout timer per command, a hit went from 541k to 502k in a later run on a busier machine (before and after side by side); a load+save did not move (824k → 821k). Those totals include V8's background compiler threads, whose work lands in the measured window in some runs only (half of one raw run); count-ops.sh now also prints the main thread's count. On the main thread a load+save is 444k against the limit's 291k (0.66×, as this suite's CPU column): the second JSON.stringify is 102k against 49k, a third of the gap; scavenges 17.5k against 8.6k; megamorphic property loads of the two JSON checks 20.6k against 5.6k; the rest promise layers. Sharing the db engine's encoding with the cache is not safe through the engine contract: the cache stores a different wrapper, and the caller may change the data while the database write is under way.";

const CACHE_ENGINE =
  "Round trips match the raw client: load is one GET (Redis) / get (Memcached), save one SET XX PX / replace (packages/cache/src/redis/store.ts, memcached/store.ts). Above the raw client the engine adds, per load+save, the codec call (plain: JSON plus a count of opening brackets for the nesting limit), prepareRecord's JSON walk and size check (packages/core/src/engine/record.ts; a session's checked snapshot skips the walk, the bench's plain data does not), SHA-256 of the key once (hashKeys; the save finds it in core's cache of recent hashes, packages/core/src/engine/keys.ts; the limit's keys are not hashed), the expiry header in the value, and one promise layer each on load and save. Every call's deadline is held by one timer swept for all calls under way (packages/cache/src/deadlines.ts: the engine's calls on Memcached, the commands of the Redis client it creates through redis/command-deadlines.ts) where ioredis's commandTimeout armed and cleared a timer per command; the raw clients have none. Callgrind, client process, 800 load+saves after 800 to warm up (bench/src/tools/count-ops.sh): Memcached plain 1,036k → 755k instructions per operation, raw 754k (1.00×); Redis plain 916k → 768k with the swept deadline (same machine state), raw 611k (0.80×).";

const MEMCACHED_CLIENT =
  "The `memcached` client's own `timeout` bounds connecting only, not a command waiting for a pool connection or a retry, so the engine keeps its own deadline (one timer shared by all calls). " +
  'Session 7: the gap is client CPU, not scheduling. The 755k/754k counts above were 800 operations, a window in which TurboFan still compiles (23-45k instructions per operation, varying run to run); with COUNT_NODE_FLAGS=--predictable and optimizing compiles left out (count-ops.sh now prints this "steady" count), 6,000 after 6,000: raw 224k, plain 259k instructions per operation (0.86×, as this row\'s CPU column). Of the 35k: prepareRecord\'s JSON walk ~11k and Buffer.byteLength ~2k (core), the `memcached` client\'s `retries: 3` (the retry module builds and sorts a back-off array on every command) ~3.5k, the engine\'s deadline promise around each call ~3k, key checks, the expiry header\'s number/string conversions, the record\'s Date and promise layers the rest. The extra epoll_wait calls are libuv\'s idle-time metrics polling once with a zero timeout before blocking: they count how often the reply was not yet in, not extra loop turns; strace shows the same writes, reads and loop iterations per command as raw, the coalescer writes at once when nothing is under way (as on Redis) and the swept deadline\'s interval fires ~40 times a second, not per operation. Interleaved scratch runs (bench/.ab, 9 × 20,000 load+saves, medians, loaded machine): raw 89.6 CPU µs/op, plain 126.3, plain without the deadline wrapper 98.4, with `retries: 0` and no coalescer 112.4, both 96.9; not yet changed: the deadline would move into the driver\'s own promise (as redis/command-deadlines.ts) and the retry back-off off the per-command path.';

const CACHE_SIGNED =
  "The row measured here is the defaults: Django-signed data, ~21 µs per load+save in a tight loop (encode ~8 µs, decode ~13 µs: HMAC-SHA256, base64url, Python-compatible JSON; packages/core/src/signing), where the peers store plain JSON (~6.5 µs for the same data). The engine's plain row, which does the peers' work, gathers the commands of one tick into one socket write as they do (packages/cache/src/redis/coalesce.ts, memcached/coalesce.ts); on Redis it still costs more client CPU than connect-redis 9, whose node-redis client runs far fewer instructions per command than ioredis: callgrind with 32 in flight, 800 load+saves after 800, connect-redis 9 324k instructions per operation against 600-780k for our plain row over four runs (how many commands share a write varies with the machine's load).";

export const EXPLANATIONS: Record<string, string> = {
  'redis-plain': CACHE_ENGINE,
  'memcached-plain': `${CACHE_ENGINE} ${MEMCACHED_CLIENT}`,
  'redis-32-peer': `${CACHE_SIGNED} ${CACHE_ENGINE}`,
  'memcached-32-peer': `${CACHE_SIGNED} ${CACHE_ENGINE} ${MEMCACHED_CLIENT}`,
  'cached-db-plain': CACHED_DB,
  'cached-db-hit-plain': CACHED_DB,
  'sqlite-rows-flat': ROWS_FLAT,
  'postgres-rows-flat': ROWS_FLAT,
  'sqlite-plain': DB_PLAIN,
  'sqlite-defaults': `${CODEC} ${DB_PLAIN}`,
  'sqlite-defaults-peer': `${PEER_FAST} ${CODEC}`,
  'pg-plain': DB_PLAIN,
  'pg-defaults': `${CODEC} ${DB_PLAIN}`,
  'pg-defaults-peer': `${PEER_FAST} ${CODEC}`,
  'sqlite-optimistic': OPTIMISTIC,
  'pg-optimistic': OPTIMISTIC,
  'cookie-signed': COOKIE,
  'cookie-signed-peer': `cookie-session does JSON+base64 and one keygrip HMAC-SHA1. ${COOKIE}`,
  'cookie-encrypted': ENCRYPTED,
  'http-node-untouched': UNTOUCHED,
  'http-express-untouched': EXPRESS_UNTOUCHED,
  'http-node-rw-hand-memory': HAND_MEMORY,
  'http-node-rw-hand-sqlite': HAND_SQLITE,
  'http-node-rw-hand-signed-cookie': HAND_SIGNED,
  'http-node-rw-memory': `${MEMORY_RW} ${HAND_MEMORY}`,
  'http-express-rw-memory': `${MEMORY_RW} ${HAND_MEMORY}`,
  'http-node-rw-sqlite-bs3': `${PEER_FAST} ${CODEC} ${HAND_SQLITE}`,
  'http-express-rw-sqlite-bs3': `${PEER_FAST} ${CODEC} ${HAND_SQLITE}`,
  'http-node-rw-signed-cookie': SIGNED_PEER,
  'http-express-rw-signed-cookie': SIGNED_PEER,
};
