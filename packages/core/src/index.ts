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
export * from './engine/types.js';
export * from './engine/keys.js';
export { assertJsonValue, isJsonValue } from './engine/json.js';
export { storedEngineCapabilities, DEFAULT_MAX_DATA_BYTES } from './engine/capabilities.js';
export { withDeadline, engineFailure, DEFAULT_OPERATION_TIMEOUT_MS } from './engine/deadline.js';
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
