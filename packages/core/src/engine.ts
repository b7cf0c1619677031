/**
 * `@sessionkit/core/engine`: everything an engine author needs. The contract (`SessionEngine`
 * and its types, settled in their TSDoc), key rules, the deadline helper, the session codecs,
 * JSON rules, and the stored-engine kit: one path from a record to what is stored
 * (`prepareRecord`; a `JsonRecord` carries data checked and serialised once, for engines that
 * write one record to several engines), the shared `clearExpired` loop (`clearExpiredInBatches`), option checks
 * that throw `ConfigError`, and key and version guards. Applications import
 * `@sessionkit/core` instead.
 */
export * from './errors.js';
export { type Clock, systemClock } from './clock.js';
export { type Logger, type FullLogger, resolveLogger, SECURITY_LOGGER } from './logger.js';
export type * from './engine/types.js';
export * from './engine/keys.js';
export { assertJsonValue, isJsonValue, JsonNumbers, jsonValueNumbers, MAX_JSON_DEPTH } from './engine/json.js';
export { storedEngineCapabilities, DEFAULT_MAX_DATA_BYTES } from './engine/capabilities.js';
export {
  withDeadline,
  engineFailure,
  engineClosed,
  engineTimedOut,
  DEFAULT_OPERATION_TIMEOUT_MS,
} from './engine/deadline.js';
export {
  prepareExpiry,
  prepareRecord,
  type PreparedRecord,
  type RecordRules,
  MAX_VERSION_LENGTH,
} from './engine/record.js';
export { SessionRecordObject } from './engine/record-object.js';
export { checkDataNumbers, type EnvelopeField, JsonRecord, jsonEncoder } from './engine/json-record.js';
export { type LoadData, loadDataOf, pairLoadData } from './engine/load-data.js';
export { clearExpiredInBatches, DEFAULT_BATCH_SIZE, type RemoveExpiredBatch } from './engine/batches.js';
export {
  MAX_OPERATION_TIMEOUT_MS,
  positiveWholeNumber,
  resolveStoredEngineOptions,
  type StoredEngineOptions,
  type StoredEngineSettings,
} from './engine/options.js';
export { resolveClock } from './clock.js';
export { checkExpectedVersion, requireValidKey } from './engine/guards.js';
export { resolveSecretOrCodec, type SecretOrCodecOptions } from './engine/codec-option.js';
export * from './signing/session-codec.js';
export { EXPIRY_KEY, parseIsoInstant, toDjangoIsoformat, type StoredExpiry } from './session/expiry.js';
