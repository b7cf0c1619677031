import type { Logger, Secret } from '@sessionkit/core';
import {
  type Clock,
  ConfigError,
  createSessionCodec,
  DEFAULT_MAX_DATA_BYTES,
  DJANGO_SESSION_SALT,
  positiveWholeNumber,
  resolveStoredEngineOptions,
  type SessionCodec,
  type StoredEngineOptions,
} from '@sessionkit/core/engine';
import type { Knex } from 'knex';
import type { DjangoExpiryFormat } from './django.js';
import type { LayoutNames } from './layout.js';

/** Default ceiling on one encoded session: 1 MiB (core's default for stored engines). */
export { DEFAULT_MAX_DATA_BYTES };
/** How long a SQLite writer waits for the lock before SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface DbEngineOptions extends StoredEngineOptions, LayoutNames {
  /** A knex instance: PostgreSQL (`pg`), MySQL/MariaDB (`mysql2`) or SQLite (`better-sqlite3`). Not closed by the engine. */
  knex?: Knex;
  /** Or a SQLite file (':memory:' allowed), opened with better-sqlite3 and closed by `close()`. */
  filename?: string;
  /** Signs the stored data, as Django's SECRET_KEY does. Required unless `codec` is given. */
  secret?: Secret;
  /** Older secrets, still accepted when reading (Django's SECRET_KEY_FALLBACKS). */
  fallbackSecrets?: Secret[];
  /** Replaces the signed codec, e.g. `plainJsonCodec` for a trusted database. */
  codec?: SessionCodec;
  /** Store SHA-256 hashes of the keys instead of the keys; true by default (false under `djangoCompatible`). */
  hashKeys?: boolean;
  /** Share Django's `django_session` table: plain keys, Django's salt and column types. */
  djangoCompatible?: boolean;
  /** Under `djangoCompatible`: how an absolute `_session_expiry` is written; 'seconds' by default. */
  djangoExpiry?: DjangoExpiryFormat;
  /** SQLite busy timeout for `filename`, in ms; 5000 by default. */
  busyTimeoutMs?: number;
  /** Receives the codec's security warnings (tampered data); silent by default. */
  logger?: Logger;
}

/** The settings that do not depend on the connection. */
export interface ResolvedSettings {
  readonly clock: Clock;
  readonly operationTimeoutMs: number;
  readonly codec: SessionCodec;
  readonly hashKeys: boolean;
  readonly maxDataBytes: number;
  readonly django: boolean;
  readonly djangoExpiry: DjangoExpiryFormat;
  readonly busyTimeoutMs: number;
}

export function resolveSettings(options: DbEngineOptions): ResolvedSettings {
  const django = options.djangoCompatible ?? false;
  if (django && options.hashKeys === true) {
    throw new ConfigError('djangoCompatible stores plain keys, as Django looks them up; hashKeys cannot be true');
  }
  if ((options.knex === undefined) === (options.filename === undefined)) {
    throw new ConfigError('the db engine needs exactly one of `knex` (a knex instance) or `filename` (a SQLite file)');
  }
  const djangoExpiry = options.djangoExpiry ?? 'seconds';
  if (djangoExpiry !== 'seconds' && djangoExpiry !== 'iso') {
    throw new ConfigError(`djangoExpiry must be 'seconds' or 'iso'`);
  }
  const { clock, operationTimeoutMs, maxDataBytes } = resolveStoredEngineOptions(options);
  return {
    clock,
    operationTimeoutMs,
    codec: resolveCodec(options, django),
    hashKeys: options.hashKeys ?? !django,
    maxDataBytes,
    django,
    djangoExpiry,
    busyTimeoutMs: positiveWholeNumber(options.busyTimeoutMs, 'busyTimeoutMs', DEFAULT_BUSY_TIMEOUT_MS),
  };
}

function resolveCodec(options: DbEngineOptions, django: boolean): SessionCodec {
  if (options.codec !== undefined) {
    if (options.secret !== undefined) throw new ConfigError('give either `secret` or `codec`, not both');
    return options.codec;
  }
  if (options.secret === undefined) {
    throw new ConfigError('the db engine signs stored data: pass `secret` (or a `codec`, e.g. plainJsonCodec)');
  }
  return createSessionCodec({
    secret: options.secret,
    fallbackSecrets: options.fallbackSecrets,
    // Django's SessionBase.key_salt, so Django decodes what we store and we decode what it stores.
    salt: django ? DJANGO_SESSION_SALT : undefined,
    logger: options.logger,
    clock: options.clock,
  });
}
