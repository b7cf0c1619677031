/**
 * Why a target is missed, by target id. Each is backed by a profile (`node --cpu-prof` with
 * src/tools/profile.ts) and by the piece-by-piece CPU costs of src/tools/breakdown.ts.
 * Shown in the report only when the target is missed in that run. File:line refer to the
 * sources at the commit the run records.
 */
const HOLD =
  "core's node adapter holds every response (packages/core/src/http/adapters/node.ts:35, createNodeMiddleware) and the hold gives each response an own `headersSent` accessor whose getter is a fresh closure (packages/core/src/http/adapters/node-hold.ts:47), deleted when the held calls replay (node-hold.ts:61). Every ServerResponse then gets its own hidden class and ends in dictionary mode, so Node's http internals run megamorphic and GC rises to 17-20% of the profile (2% for the bare server). On a copy of the hold with a no-op commit, server CPU per request was 0.52x of bare as is, 0.78x with one shared getter, 1.02x without the accessor.";

const DB_PER_CALL =
  "Per load+save the engine spends ~30-40 us CPU more than raw (src/tools/breakdown.ts: raw 55 us, the engine's own SQL run directly 64 us, the engine 96 us): (1) expiry as naive-UTC text, formatted three times per load+save and parsed back (packages/db/src/dialects/types.ts naiveUtcText via engine.ts #at/#encode; core parseIsoInstant) and `.all()` returning the expiry column; (2) assertJsonValue walks the whole data on every save (packages/db/src/engine.ts:201, #encode), although core's Session already checked each value at set() (session.ts:80) and again in Session.#record (session.ts:258): ~7 us for 1 KB, ~0.3 ms for 64 KB; (3) withDeadline arms and clears a timer and races two promises on every call (packages/core/src/engine/deadline.ts:18-25, from engine.ts:222, #call): ~8 us per load+save.";

const CODEC =
  "The published default codec is Django's signing.dumps(compress=True): ~150 us CPU per encode+decode of 1 KB against 9 us for JSON.stringify+parse. zlib runs on every save and load (packages/core/src/signing/session-codec.ts:32 `compress = true`; signer.ts:98 deflateSync, :189 inflateSync; ~60 us), a new TimestampSigner is built per call (dumps.ts:30 and :36), the HMAC key is derived again for every sign and verify (crypto.ts saltedHmac -> deriveHmacKey:50; signed-cookie caches it in cached-signer.ts, the codec does not), and pythonJsonDumps/pythonJsonLoads make token passes instead of JSON.stringify/parse (signer.ts:95, :194). hashKey (SHA-256 of the key) adds ~4.6 us per call.";

const PG_RUNNER =
  'On PostgreSQL every statement goes through knex.raw (packages/db/src/runner.ts:21 and :25, KnexRunner): knex builds a Raw per call, rewrites ? to $n, acquires and releases a pool connection through tarn, and pg sends the text unnamed, so the server parses and plans it on every call. Client CPU per load+save (breakdown.ts): pg named statements 333 us, pg unnamed 374 us, knex.raw 576 us, the engine 629 us. SQLite already bypasses knex (SqliteRunner); PostgreSQL has no such runner.';

const COOKIE_ZLIB =
  'The default compresses any session whose JSON is >= 512 bytes (packages/signed-cookie/src/compression.ts:10 DEFAULT_COMPRESS_THRESHOLD, options.ts:75), so the 1 KB session is deflated on every save (compression.ts:39) and inflated on every load (inflateBody): 115 us CPU per encode+decode against 27 us raw (breakdown.ts). It buys a 632-character cookie instead of 1,538.';

const COOKIE_FORMAT =
  'Beyond the raw primitive the engine validates and re-encodes text the raw row never touches: isValidKey runs a regex over the whole cookie value (packages/signed-cookie/src/engine.ts:120, ~1.8 us), b64Decode runs a regex and re-encodes the payload to prove it canonical (packages/core/src/signing/encoding.ts:19-23, ~2.6 us vs 0.6 us for Buffer.from), the JSON is copied into a Buffer before sealing and the sealed parts are concatenated again (encrypted-format.ts seal), and every call crosses the promise-returning engine contract twice.';

const MEMORY_RW = `${HOLD} In an ablation on node:http (server CPU per read+write request, load average ~3.5): bare 70 us, withSession 429 us, the same SessionManager behind a minimal adapter that commits inside a patched res.end 256 us, express-session + MemoryStore 353 us. So the hold accounts for ~170 us, and even without it the manager reaches only ~1.4x express-session: per save, assertJsonValue walks the whole data twice (session.ts:258 and memory-engine.ts encode) besides the check at set() (session.ts:80), and hashKey (SHA-256) runs on load and again on update (memory-engine.ts:54 load, :71 update); open+get+set+commit alone costs ~48 us CPU for a 1 KB session.`;

export const EXPLANATIONS: Record<string, string> = {
  'sqlite-plain': DB_PER_CALL,
  'sqlite-defaults': `${CODEC} On top of the plain row's overhead: ${DB_PER_CALL}`,
  'sqlite-defaults-peer': `better-sqlite3-session-store does one prepared INSERT OR REPLACE and a JSON.parse. ${CODEC}`,
  'pg-plain': `${PG_RUNNER} Also: ${DB_PER_CALL}`,
  'pg-defaults': `${PG_RUNNER} ${CODEC}`,
  'pg-defaults-peer': `connect-pg-simple also sends unnamed statements, but through pg directly and with JSON only. ${PG_RUNNER} ${CODEC}`,
  'cookie-signed': `${COOKIE_ZLIB} With compress: false (the second row) the remaining gap is the Django format's own work: ${COOKIE_FORMAT}`,
  'cookie-signed-peer': `${COOKIE_ZLIB} cookie-session does JSON+base64 and one keygrip HMAC-SHA1.`,
  'cookie-encrypted': COOKIE_FORMAT,
  'cookie-encrypted-peer': `@fastify/secure-session does one sodium secretbox and JSON only. ${COOKIE_FORMAT}`,
  'http-node-untouched': HOLD,
  'http-express-untouched': HOLD,
  'http-node-rw-memory': MEMORY_RW,
  'http-express-rw-memory': MEMORY_RW,
  'http-node-rw-sqlite-bs3': `${HOLD} ${CODEC}`,
  'http-node-rw-sqlite-knex': `${HOLD} ${CODEC}`,
  'http-express-rw-sqlite-bs3': `${HOLD} ${CODEC}`,
  'http-express-rw-sqlite-knex': `${HOLD} ${CODEC}`,
};
