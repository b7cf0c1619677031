import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type Secret, saltedHmac } from '../../signing/index.js';

const RECORD_KEY_SALT = 'sessionkit.contrib.auth.EngineSessionIndex.recordKey';
const CIPHER_KEY_SALT = 'sessionkit.contrib.auth.EngineSessionIndex.cipherKey';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key of a user's index record: an HMAC of the user id, so nobody without the secret
 * can name it (sent as a session cookie, a guessable key would open the index as a session).
 */
export function indexRecordKey(userId: string, secret: Secret, length: number): string {
  return saltedHmac(RECORD_KEY_SALT, userId, secret, 'sha256').toString('hex').slice(0, length);
}

/**
 * Session keys are kept encrypted (AES-256-GCM, bound to the record key): stored engines hash
 * keys at rest, and a plain list in the same table would hand a leaked dump usable cookies.
 */
export function sealKeys(keys: readonly string[], secret: Secret, recordKey: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', cipherKey(secret), iv);
  cipher.setAAD(Buffer.from(recordKey, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(keys), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The keys, or null when the blob was sealed with another secret or tampered with. */
export function openKeys(sealed: string, secret: Secret, recordKey: string): string[] | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) return null;
    const decipher = createDecipheriv('aes-256-gcm', cipherKey(secret), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(recordKey, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
    const keys: unknown = JSON.parse(text);
    return Array.isArray(keys) && keys.every((k) => typeof k === 'string') ? keys : null;
  } catch {
    return null;
  }
}

function cipherKey(secret: Secret): Buffer {
  return saltedHmac(CIPHER_KEY_SALT, '', secret, 'sha256');
}
