import type { Clock } from '../clock.js';
import type { SessionData } from '../engine/types.js';
import { BadSignatureError } from '../errors.js';
import { type Logger, resolveLogger, SECURITY_LOGGER } from '../logger.js';
import { type Secret, validateFallbacks, validateSecret } from './crypto.js';
import { dumps, loads } from './dumps.js';

/** Django's `SessionBase.key_salt`. */
export const DJANGO_SESSION_SALT = 'django.contrib.sessions.SessionStore';

/** Turns session data into the text an engine stores, and back. */
export interface SessionCodec {
  readonly name: string;
  encode(data: SessionData): string;
  /** The data, or null when the text is tampered with or undecodable. Never throws. */
  decode(text: string): SessionData | null;
}

export interface SessionCodecOptions {
  secret: Secret;
  /** Previous secrets, still accepted when decoding (Django's SECRET_KEY_FALLBACKS). */
  fallbackSecrets?: Secret[];
  salt?: string;
  compress?: boolean;
  logger?: Logger;
  clock?: Clock;
  maxDecompressedBytes?: number;
}

/** Django's SessionBase.encode/decode: `signing.dumps(data, salt=key_salt, compress=True)`. */
export function createSessionCodec(options: SessionCodecOptions): SessionCodec {
  const { secret, fallbackSecrets = [], salt = DJANGO_SESSION_SALT, compress = true, clock } = options;
  validateSecret(secret, 'secret');
  validateFallbacks(secret, fallbackSecrets);
  const fallbackKeys = [...fallbackSecrets];
  const log = resolveLogger(options.logger);
  const { maxDecompressedBytes } = options;
  return {
    name: 'django-signed',
    encode: (data) => dumps(data, { key: secret, salt, compress, clock }),
    decode(text) {
      if (typeof text !== 'string') return null;
      try {
        return asSessionData(loads(text, { key: secret, salt, fallbackKeys, clock, maxDecompressedBytes }));
      } catch (error) {
        // Only a bad MAC is suspicious; the text itself may be a credential, so it is never logged.
        if (error instanceof BadSignatureError) log.warn('Session data corrupted', { logger: SECURITY_LOGGER });
        return null;
      }
    },
  };
}

/** Unsigned JSON, for trusted stores and benchmarks only. */
export const plainJsonCodec: SessionCodec = {
  name: 'plain-json',
  encode: (data) => JSON.stringify(data),
  decode(text) {
    if (typeof text !== 'string') return null;
    try {
      return asSessionData(JSON.parse(text));
    } catch {
      return null;
    }
  },
};

/**
 * The decoded value itself when it is a plain JSON object. It is returned as JSON.parse
 * built it (an own "__proto__" key stays a plain property) and never copied or merged.
 */
function asSessionData(value: unknown): SessionData | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return value as SessionData;
}
