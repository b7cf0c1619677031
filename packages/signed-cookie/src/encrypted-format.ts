import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { b64Decode, b64Encode, type Clock, type Secret, SerializationError } from '@sessionkit/core';
import { b64Length, type CookieFormat, type OpenedCookie } from './format.js';
import { NONCE_BYTES, nextNonce } from './nonce-pool.js';
import { CookieRejected } from './rejection.js';

/** The only version prefix accepted; a new cipher or layout gets a new one (no agility from input). */
export const ENCRYPTED_VERSION = 'e1';
const CIPHER = 'aes-256-gcm';
/** HKDF salt: keeps these keys apart from any other use of the same secret. */
const HKDF_SALT = 'sessionkit.signed-cookie.encrypted';
const HKDF_INFO = `${ENCRYPTED_VERSION} ${CIPHER}`;
const AAD = Buffer.from(ENCRYPTED_VERSION, 'latin1');
const TAG_BYTES = 16;
const HEADER_BYTES = 7; // flags (1) + issued-at seconds, uint48 BE (6)
const FLAG_COMPRESSED = 1;
const OVERHEAD = NONCE_BYTES + HEADER_BYTES + TAG_BYTES;
const PREFIX = `${ENCRYPTED_VERSION}.`;

/**
 * `e1.` + b64url(nonce ‖ AES-256-GCM(flags ‖ issuedAt ‖ body) ‖ tag), the version as AAD.
 * Keys come from HKDF-SHA256 once per secret; fallbacks are tried in order after the primary.
 */
export function encryptedFormat(secret: Secret, fallbackSecrets: Secret[], clock: Clock): CookieFormat {
  const [primary, ...rest] = [secret, ...fallbackSecrets].map(deriveKey);
  const keys = [primary as Buffer, ...rest];
  return {
    minLength: PREFIX.length + b64Length(OVERHEAD + 2),
    // Nobody else reads or writes this JSON: no Python \u escapes, and decoding need not look for
    // Python's numbers, as the data passed isJsonValue before it was sealed (an AEAD forgery
    // would need the secret).
    pythonJson: false,
    encoding: 'utf8',
    stringify: jsonText,
    sealedLength: (bodyBytes) => PREFIX.length + b64Length(OVERHEAD + bodyBytes),
    seal(body, compressed) {
      // Header and body in one buffer, so one cipher.update: each call costs more than the copy.
      const plain = Buffer.allocUnsafe(HEADER_BYTES + body.length);
      plain[0] = compressed ? FLAG_COMPRESSED : 0;
      plain.writeUIntBE(Math.floor(clock.now() / 1000), 1, 6);
      body.copy(plain, HEADER_BYTES);
      const nonce = nextNonce();
      const cipher = createCipheriv(CIPHER, keys[0] as Buffer, nonce, { authTagLength: TAG_BYTES }).setAAD(AAD);
      const encrypted = cipher.update(plain);
      cipher.final(); // GCM adds no bytes here; it computes the tag
      return PREFIX + b64Encode(Buffer.concat([nonce, encrypted, cipher.getAuthTag()]));
    },
    open: (value) => open(keys, value),
  };
}

function open(keys: Buffer[], value: string): OpenedCookie {
  const dot = value.indexOf('.');
  if (dot < 0) throw new CookieRejected('malformed');
  if (value.slice(0, dot) !== ENCRYPTED_VERSION) throw new CookieRejected('unknown-version');
  let sealed: Buffer;
  try {
    sealed = b64Decode(value.slice(dot + 1));
  } catch {
    throw new CookieRejected('malformed');
  }
  if (sealed.length < OVERHEAD) throw new CookieRejected('malformed');
  const plain = decrypt(keys, sealed);
  const flags = plain[0] as number;
  if ((flags & ~FLAG_COMPRESSED) !== 0) throw new CookieRejected('undecodable');
  return {
    body: plain.subarray(HEADER_BYTES),
    compressed: flags === FLAG_COMPRESSED,
    issuedAt: plain.readUIntBE(1, 6),
  };
}

function decrypt(keys: Buffer[], sealed: Buffer): Buffer {
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const ciphertext = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  for (const key of keys) {
    const decipher = createDecipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES }).setAAD(AAD).setAuthTag(tag);
    const plain = decipher.update(ciphertext);
    try {
      // final() checks the tag (and adds no bytes for GCM); until then the plaintext is unused.
      decipher.final();
      return plain;
    } catch {
      // wrong key (or tampered): try the next one
    }
  }
  throw new CookieRejected('bad-signature');
}

function deriveKey(secret: Secret): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
}

function jsonText(data: Record<string, unknown>): string {
  try {
    return JSON.stringify(data);
  } catch (error) {
    throw new SerializationError('Session data cannot be serialized as JSON', { cause: error });
  }
}
