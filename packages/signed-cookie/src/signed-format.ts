import {
  b64Decode,
  b64Encode,
  BadSignatureError,
  type Clock,
  pythonJsonDumps,
  type JsonValue,
  type Secret,
  TimestampSigner,
} from '@sessionkit/core';
import { b64Length, type CookieFormat, type OpenedCookie } from './format.js';
import { CookieRejected } from './rejection.js';

/** The salt Django's signed_cookies SessionStore signs with. */
export const DJANGO_SIGNED_COOKIES_SALT = 'django.contrib.sessions.backends.signed_cookies';
const SIGNATURE_LENGTH = 43; // unpadded base64url of an HMAC-SHA256

/**
 * Django's `signing.dumps(data, salt=…signed_cookies, compress=True)`:
 * `[.]b64(json):b62(ts):b64(hmac)`, where the leading '.' marks a zlib body.
 */
export function signedFormat(secret: Secret, fallbackSecrets: Secret[], clock: Clock): CookieFormat {
  const signer = new TimestampSigner({
    key: secret,
    fallbackKeys: fallbackSecrets,
    salt: DJANGO_SIGNED_COOKIES_SALT,
    clock,
  });
  return {
    minLength: b64Length(2) + 1 + 1 + 1 + SIGNATURE_LENGTH, // "{}" dated 0
    pythonJson: true,
    encoding: 'latin1', // Django's JSONSerializer: ensure_ascii JSON, read back as latin-1
    stringify: (data, tinyNumbers) => pythonJsonDumps(data as JsonValue, tinyNumbers),
    sealedLength(bodyBytes, compressed) {
      const timestamp = signer.timestamp().length;
      return (compressed ? 1 : 0) + b64Length(bodyBytes) + 1 + timestamp + 1 + SIGNATURE_LENGTH;
    },
    seal: (body, compressed) => signer.sign(compressed ? `.${b64Encode(body)}` : b64Encode(body)),
    open: (value) => open(signer, value),
  };
}

function open(signer: TimestampSigner, value: string): OpenedCookie {
  let payload: string;
  let issuedAt: number;
  try {
    ({ value: payload, timestamp: issuedAt } = signer.unsignWithTimestamp(value));
  } catch (error) {
    // Verified-but-malformed (no timestamp, bad base62) is Django's ValueError.
    throw new CookieRejected(error instanceof BadSignatureError ? 'bad-signature' : 'malformed');
  }
  const compressed = payload.startsWith('.');
  try {
    // Strict, canonical base64url: Django would decode sloppier text, we refuse it.
    return { body: b64Decode(compressed ? payload.slice(1) : payload), compressed, issuedAt };
  } catch {
    throw new CookieRejected('undecodable');
  }
}
