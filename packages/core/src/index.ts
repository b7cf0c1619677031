export * from './errors.js';
export { type Logger, type FullLogger, resolveLogger, SECURITY_LOGGER } from './logger.js';
export { type Clock, systemClock } from './clock.js';
// The engine contract's types; engine authors find the helpers in `@sessionkit/core/engine`.
export type * from './engine/types.js';
// Still used by the conformance cases; they move to `@sessionkit/core/engine` with the cases' next edit.
export { generateSessionKey, isValidKey, type KeyRules } from './engine/keys.js';
export { MemoryEngine, type MemoryEngineOptions } from './engine/memory-engine.js';
export * from './signing/index.js';
export { EXPIRY_KEY, type StoredExpiry, toDjangoIsoformat, parseIsoInstant } from './session/expiry.js';
export {
  Session,
  type DataShape,
  type ExpiryOverrides,
  type SessionOptions,
  TEST_COOKIE_NAME,
  TEST_COOKIE_VALUE,
} from './session/session.js';
export * from './http/settings.js';
export { SessionManager, type SessionManagerOptions, type CommitResult, INTERRUPTED_MESSAGE } from './http/manager.js';
export { addVaryCookie, privateCacheControl } from './http/headers.js';
export { MAX_COOKIE_BYTES } from './http/set-cookie.js';
