import type { Clock } from '../clock.js';
import { ConfigError } from '../errors.js';
import type { LoggerOption } from '../logger.js';
import { createSessionCodec, type SessionCodec } from '../signing/session-codec.js';
import type { Secret } from '../signing/crypto.js';

/** How an engine's user says what signs its stored data: a secret, or a codec of their own. */
export interface SecretOrCodecOptions {
  /** Signs the stored data as Django's SECRET_KEY does (the Django-signed codec). */
  secret?: Secret;
  /** Older secrets, still accepted when reading (Django's SECRET_KEY_FALLBACKS). */
  fallbackSecrets?: Secret[];
  /** Replaces the signed codec, e.g. `plainJsonCodec` for a trusted store. */
  codec?: SessionCodec;
  logger?: LoggerOption;
  clock?: Clock;
}

/**
 * The codec an engine stores with: `codec` as given, else the Django-signed codec keyed with
 * `secret` and its fallbacks (with the engine's `maxDecompressedBytes`, when it sets one).
 * Both given is a `ConfigError`. Neither gives `undefined`: the engine refuses, or (like the db
 * engine, whose migrations need no secret) refuses only when data is read or written.
 */
export function resolveSecretOrCodec(
  options: SecretOrCodecOptions,
  settings: { maxDecompressedBytes?: number } = {},
): SessionCodec | undefined {
  if (options.codec !== undefined) {
    if (options.secret !== undefined) throw new ConfigError('give either `secret` or `codec`, not both');
    return options.codec;
  }
  if (options.secret === undefined) return undefined;
  return createSessionCodec({
    secret: options.secret,
    fallbackSecrets: options.fallbackSecrets,
    logger: options.logger,
    clock: options.clock,
    maxDecompressedBytes: settings.maxDecompressedBytes,
  });
}
