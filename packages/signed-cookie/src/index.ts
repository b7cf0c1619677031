export { COOKIE_VALUE_PATTERN, createSignedCookieEngine } from './engine.js';
export { ENCRYPTED_VERSION } from './encrypted-format.js';
export { EXPIRES_AT_KEY } from './expiry.js';
export { DEFAULT_COMPRESS_THRESHOLD } from './compression.js';
export {
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_MAX_AGE,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  MAX_COOKIE_BYTES,
  type SignedCookieEngineOptions,
} from './options.js';
export { DJANGO_SIGNED_COOKIES_SALT } from './signed-format.js';
export type { RejectReason } from './rejection.js';
