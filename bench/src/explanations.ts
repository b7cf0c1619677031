/**
 * Why a target is missed, by target id. Each is backed by a profile (`node --cpu-prof` with
 * src/tools/profile.ts) and by the piece-by-piece CPU costs of src/tools/breakdown.ts.
 * Shown in the report only when the target is missed in that run. File:line refer to the
 * sources at the commit the run records.
 */
const UNTOUCHED =
  "An untouched request still parses the Cookie header (cookie.parse), builds a Session (key validation, no I/O), and sets req.session plus two bookkeeping properties; the response is no longer patched unless the session is touched (packages/core/src/http/adapters/node.ts). On a hello-world handler of ~50 us per request those few microseconds are the gap; in-process timing of the middleware alone is dominated by noise on this 2-core box, so the exact split is not yet known.";

const DB_PLAIN =
  "Beyond raw prepared statements the engine adds a promise per call, the codec call, the cheap JSON guard and key validation (packages/db/src/engine.ts); PostgreSQL also pays acquire/release on knex's pool around each named statement (packages/db/src/runner.ts).";

const CODEC =
  "The defaults add the Django codec: HMAC-SHA256 sign on save and verify on load plus base64url (packages/core/src/signing/session-codec.ts), and SHA-256 key hashing at rest (hashKey) on every call. zlib no longer runs below 4 KiB.";

const PEER_FAST =
  "The peer does one prepared statement and JSON only: no signature, no key hashing, no expiry column, no size check. Our defaults sign the data (Django-compatible) and hash the key at rest, which the peer does not.";

const COOKIE =
  "The Django format costs more than a bare HMAC: Python-compatible JSON, strict canonical base64url decoding, the base62 timestamp, and the expiry check inside the signed dict (packages/signed-cookie/src/signed-format.ts, packages/core/src/signing/encoding.ts).";

const ENCRYPTED =
  "Encrypted mode builds the sealed value from five pieces and runs through two promise hops per round trip (packages/signed-cookie/src/encrypted-format.ts); @fastify/secure-session uses libsodium's secretbox through a native binding with no JSON envelope.";

const MEMORY_RW =
  "Per read+write request the session layer loads, updates and commits through the manager, copies the data into a record, hashes the key (MemoryEngine hashes keys at rest by default) and serialises to JSON; express-session's MemoryStore does JSON only and no key hashing.";

export const EXPLANATIONS: Record<string, string> = {
  'sqlite-plain': DB_PLAIN,
  'sqlite-defaults': `${CODEC} ${DB_PLAIN}`,
  'sqlite-defaults-peer': `${PEER_FAST} ${CODEC}`,
  'pg-plain': DB_PLAIN,
  'pg-defaults': `${CODEC} ${DB_PLAIN}`,
  'pg-defaults-peer': `${PEER_FAST} ${CODEC}`,
  'cookie-signed': COOKIE,
  'cookie-signed-peer': `cookie-session does JSON+base64 and one keygrip HMAC-SHA1. ${COOKIE}`,
  'cookie-encrypted': ENCRYPTED,
  'cookie-encrypted-peer': ENCRYPTED,
  'http-node-untouched': UNTOUCHED,
  'http-express-untouched': UNTOUCHED,
  'http-node-rw-memory': MEMORY_RW,
  'http-express-rw-memory': MEMORY_RW,
  'http-node-rw-sqlite-bs3': `${PEER_FAST} ${CODEC}`,
  'http-node-rw-sqlite-knex': `${PEER_FAST} ${CODEC}`,
  'http-express-rw-sqlite-bs3': `${PEER_FAST} ${CODEC}`,
  'http-express-rw-sqlite-knex': `${PEER_FAST} ${CODEC}`,
};
