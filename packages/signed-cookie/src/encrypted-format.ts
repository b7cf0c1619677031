import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { b64DecodeInto, type Clock, type Secret, SerializationError } from '@sessionkit/core';
import { b64Length, type CookieFormat, type OpenedCookie } from './format.js';
import { NONCE_BYTES, takeNonce } from './nonce-pool.js';
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
 * Sealed bytes of the longest cookie a browser keeps (4096 characters of base64url): the scratch
 * buffers' size. A longer value is refused by its length anyway; it gets buffers of its own.
 */
const SCRATCH_BYTES = 3072;

/**
 * `e1.` + b64url(nonce ‖ AES-256-GCM(flags ‖ issuedAt ‖ body) ‖ tag), the version as AAD.
 * Keys come from HKDF-SHA256 once per secret; fallbacks are tried in order after the primary.
 */
export function encryptedFormat(secret: Secret, fallbackSecrets: Secret[], clock: Clock): CookieFormat {
  const [primary, ...rest] = [secret, ...fallbackSecrets].map(deriveKey);
  const keys = [primary as Buffer, ...rest];
  // Nonce, nonce ‖ ciphertext ‖ tag out and in: one set per format, used only within one
  // synchronous seal or open (node:crypto copies the nonce and tag it is given). They hold no
  // plaintext.
  const scratch: Scratch = {
    nonce: Buffer.alloc(NONCE_BYTES),
    tag: Buffer.alloc(TAG_BYTES),
    sealed: Buffer.alloc(SCRATCH_BYTES),
  };
  return {
    minLength: PREFIX.length + b64Length(OVERHEAD + 2),
    // Nobody else reads or writes this JSON: no Python \u escapes, and decoding need not look for
    // Python's numbers, as the data passed isJsonValue before it was sealed (an AEAD forgery
    // would need the secret).
    pythonJson: false,
    headerBytes: HEADER_BYTES,
    encoding: 'utf8',
    stringify: jsonText,
    sealedLength: (bodyBytes) => PREFIX.length + b64Length(OVERHEAD + bodyBytes),
    seal(body, compressed, start) {
      // Header and body in one buffer, so one cipher.update: each call costs more than a copy.
      // The engine leaves the header's room in front of an uncompressed body; else one copy.
      const plain =
        start === HEADER_BYTES
          ? body
          : start > HEADER_BYTES
            ? body.subarray(start - HEADER_BYTES)
            : withHeaderRoom(body, start);
      plain[0] = compressed ? FLAG_COMPRESSED : 0;
      plain.writeUIntBE(Math.floor(clock.now() / 1000), 1, 6);
      return PREFIX + encrypt(keys[0] as Buffer, plain, scratch);
    },
    open: (value) => open(keys, value, scratch),
  };
}

interface Scratch {
  readonly nonce: Buffer;
  readonly tag: Buffer;
  readonly sealed: Buffer;
}

function withHeaderRoom(body: Buffer, start: number): Buffer {
  const plain = Buffer.allocUnsafe(HEADER_BYTES + body.length - start);
  body.copy(plain, HEADER_BYTES, start);
  return plain;
}

/** b64url(nonce ‖ ciphertext ‖ tag), laid out in the scratch buffer: no Buffer.concat, no view. */
function encrypt(key: Buffer, plain: Buffer, scratch: Scratch): string {
  const { nonce } = scratch;
  takeNonce(nonce);
  // GCM's tag is 16 bytes unless told otherwise: no options object for node:crypto to check.
  const cipher = createCipheriv(CIPHER, key, nonce).setAAD(AAD);
  const encrypted = cipher.update(plain);
  cipher.final(); // GCM adds no bytes here; it computes the tag
  const length = NONCE_BYTES + encrypted.length + TAG_BYTES;
  const sealed = length <= scratch.sealed.length ? scratch.sealed : Buffer.allocUnsafe(length);
  sealed.set(nonce, 0);
  sealed.set(encrypted, NONCE_BYTES);
  sealed.set(cipher.getAuthTag(), NONCE_BYTES + encrypted.length);
  return sealed.toString('base64url', 0, length);
}

function open(keys: Buffer[], value: string, scratch: Scratch): OpenedCookie {
  const dot = value.indexOf('.');
  if (dot < 0) throw new CookieRejected('malformed');
  if (dot !== ENCRYPTED_VERSION.length || !value.startsWith(ENCRYPTED_VERSION)) {
    throw new CookieRejected('unknown-version');
  }
  const text = value.slice(dot + 1);
  // Strict, canonical base64url decoded into the scratch buffer (-1, refused, for any other
  // spelling). Values over 4096 characters never get here (the engine refuses them first).
  const room = (text.length * 3) >>> 2;
  const sealed = room <= scratch.sealed.length ? scratch.sealed : Buffer.allocUnsafe(room);
  const length = b64DecodeInto(text, sealed);
  if (length < OVERHEAD) throw new CookieRejected('malformed');
  const plain = decrypt(keys, sealed, length, scratch);
  const flags = plain[0] as number;
  if ((flags & ~FLAG_COMPRESSED) !== 0) throw new CookieRejected('undecodable');
  return {
    body: plain.subarray(HEADER_BYTES),
    compressed: flags === FLAG_COMPRESSED,
    issuedAt: plain.readUIntBE(1, 6),
  };
}

/** Tries each key in turn; the nonce and tag are copied out of `sealed` (no views). */
function decrypt(keys: Buffer[], sealed: Buffer, length: number, scratch: Scratch): Buffer {
  const { nonce, tag } = scratch;
  for (let i = 0; i < NONCE_BYTES; i++) nonce[i] = sealed[i] as number;
  const tagAt = length - TAG_BYTES;
  for (let i = 0; i < TAG_BYTES; i++) tag[i] = sealed[tagAt + i] as number;
  const ciphertext = sealed.subarray(NONCE_BYTES, tagAt);
  // `tag` is always TAG_BYTES long, so a truncated tag cannot be offered (what authTagLength
  // would refuse).
  for (const key of keys) {
    const decipher = createDecipheriv(CIPHER, key, nonce).setAAD(AAD).setAuthTag(tag);
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
