import { constantTimeEqual, type Secret, saltedHmac } from '../../signing/index.js';

/** Django's session keys for the logged-in user (django.contrib.auth). */
export const SESSION_KEY = '_auth_user_id';
export const BACKEND_SESSION_KEY = '_auth_user_backend';
export const HASH_SESSION_KEY = '_auth_user_hash';

/** Django's default backend, so a session shared with a Django app stays valid there. */
export const DJANGO_MODEL_BACKEND = 'django.contrib.auth.backends.ModelBackend';

const KEY_SALT = 'django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash';

/**
 * Django's `AbstractBaseUser.get_session_auth_hash()`: an HMAC-SHA256 (hex) of the stored
 * password hash. A password change changes it, which logs out every other session.
 */
export function sessionAuthHash(passwordHash: string, secret: Secret): string {
  return saltedHmac(KEY_SALT, passwordHash, secret, 'sha256').toString('hex');
}

/** Which secret verifies `sessionHash`: 'primary', 'fallback', or null. Every candidate is compared. */
export function matchSessionAuthHash(
  sessionHash: string,
  passwordHash: string,
  secret: Secret,
  fallbackSecrets: readonly Secret[],
): 'primary' | 'fallback' | null {
  if (constantTimeEqual(sessionHash, sessionAuthHash(passwordHash, secret))) return 'primary';
  let fallback = false;
  // No early exit: the time spent does not tell which fallback matched.
  for (const old of fallbackSecrets)
    fallback = constantTimeEqual(sessionHash, sessionAuthHash(passwordHash, old)) || fallback;
  return fallback ? 'fallback' : null;
}
