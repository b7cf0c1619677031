/** `@sessionkit/core/auth`: Django's login/logout/get_user on a session, plus a per-user session index. */
export {
  type Auth,
  type AuthBaseOptions,
  type AuthOptions,
  type AuthUser,
  type Accessors,
  createAuth,
  type UpdateHashOptions,
} from './contrib/auth/auth.js';
export {
  BACKEND_SESSION_KEY,
  DJANGO_MODEL_BACKEND,
  HASH_SESSION_KEY,
  SESSION_KEY,
  sessionAuthHash,
} from './contrib/auth/hash.js';
export type { UserSessionIndex } from './contrib/auth/index-types.js';
export { MemorySessionIndex } from './contrib/auth/memory-index.js';
export { EngineSessionIndex, type EngineSessionIndexOptions } from './contrib/auth/engine-index.js';
