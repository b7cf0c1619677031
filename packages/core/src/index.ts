export * from './errors.js';
export {
  createStderrLogger,
  DEFAULT_LOG_INTERVAL_MS,
  type FullLogger,
  type Logger,
  type LoggerOption,
  resolveLogger,
  SECURITY_LOGGER,
  type StderrLoggerOptions,
} from './logger.js';
export { type Clock, systemClock } from './clock.js';
// The engine contract's types; engine authors find the helpers in `@sessionkit/core/engine`.
export type * from './engine/types.js';
// Still used by the conformance cases; they move to `@sessionkit/core/engine` with the cases' next edit.
export { generateSessionKey, isValidKey, type KeyRules } from './engine/keys.js';
export { MemoryEngine, type MemoryEngineOptions } from './engine/memory-engine.js';
export * from './signing/index.js';
export { DEFAULT_COOKIE_AGE, EXPIRY_KEY, type StoredExpiry, toDjangoIsoformat, parseIsoInstant } from './session/expiry.js';
export { CREATED_KEY } from './session/created.js';
export { generateVersionToken } from './engine/version-token.js';
export {
  Session,
  type DataShape,
  type ExpiryOverrides,
  type SessionOptions,
  type ConcurrencyMode,
  TEST_COOKIE_NAME,
  TEST_COOKIE_VALUE,
} from './session/session.js';
export * from './http/settings.js';
export { SessionManager, type SessionManagerOptions, type CommitResult, CONFLICT_MESSAGE, INTERRUPTED_MESSAGE } from './http/manager.js';
export type { SessionPolicy } from './http/manager-options.js';
export { addVaryCookie, privateCacheControl } from './http/headers.js';
export { MAX_COOKIE_BYTES } from './http/set-cookie.js';
