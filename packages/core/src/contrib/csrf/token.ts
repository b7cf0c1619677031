import { randomInt } from 'node:crypto';
import { constantTimeEqual } from '../../signing/index.js';

/** Django's CSRF_ALLOWED_CHARS (ascii_letters + digits). */
export const CSRF_ALLOWED_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const CSRF_SECRET_LENGTH = 32;
export const CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH;
/** Django's CSRF_SESSION_KEY (CSRF_USE_SESSIONS). */
export const CSRF_SESSION_KEY = '_csrftoken';

const ALLOWED = /^[a-zA-Z0-9]*$/;
const N = CSRF_ALLOWED_CHARS.length;

/** A fresh 32-character secret from the CSPRNG. */
export function newCsrfSecret(): string {
  let out = '';
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) out += CSRF_ALLOWED_CHARS.charAt(randomInt(N));
  return out;
}

/**
 * Django's `_mask_cipher_secret`: a fresh random mask, then the secret shifted by it,
 * so the token differs on every response and BREACH cannot recover the secret.
 */
export function maskCsrfSecret(secret: string, mask: string = newCsrfSecret()): string {
  let cipher = '';
  for (let i = 0; i < secret.length; i++) {
    cipher += CSRF_ALLOWED_CHARS.charAt((index(secret, i) + index(mask, i)) % N);
  }
  return mask + cipher;
}

/** Django's `_unmask_cipher_token`. */
export function unmaskCsrfToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH);
  const cipher = token.slice(CSRF_SECRET_LENGTH);
  let secret = '';
  for (let i = 0; i < cipher.length; i++) {
    secret += CSRF_ALLOWED_CHARS.charAt((index(cipher, i) - index(mask, i) + N) % N);
  }
  return secret;
}

/** Django's `_check_token_format`: the reason fragment when `token` is malformed, else null. */
export function csrfTokenFormatError(token: string): string | null {
  if (token.length !== CSRF_TOKEN_LENGTH && token.length !== CSRF_SECRET_LENGTH) return 'has incorrect length';
  if (!ALLOWED.test(token)) return 'has invalid characters';
  return null;
}

/** Django's `_does_token_match`: a masked (64) or bare (32) token against the secret, in constant time. */
export function csrfTokenMatches(token: string, secret: string): boolean {
  const candidate = token.length === CSRF_TOKEN_LENGTH ? unmaskCsrfToken(token) : token;
  return constantTimeEqual(candidate, secret);
}

function index(text: string, i: number): number {
  return CSRF_ALLOWED_CHARS.indexOf(text.charAt(i));
}
