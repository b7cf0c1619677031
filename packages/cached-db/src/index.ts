export { CachedDbEngine, createCachedDbEngine } from './engine.js';
export {
  type CachedDbEngineOptions,
  DEFAULT_CACHE_TTL_SECONDS,
  DEFAULT_RETRY_INTERVAL_MS,
} from './options.js';
